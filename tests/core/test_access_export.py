"""The right of access: the *Mijn gegevens* zip holds everything the apps keep about a person —
scorecards, status history, interview, list place, board advice, appeal with its documents,
conflict flags, e-mails, audit rows, voter register — with the committee members who judged
them by alias only, and nothing of other applicants; and every model holding personal data is
declared exported or withheld by some privacy module."""

import io
import json
import pkgutil
import zipfile
from datetime import date, datetime, timedelta
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from applications.models import (
    Application,
    ApplicationStatus,
)
from integrity.models import Relation, RelationKind
from integrity.services import relation_declare
from members.models import Member, User
from notifications.services import notifications_send_due
from review.models import Recommendation
from review.selectors import concept_list_of
from review.services import (
    advice_record,
    appeal_attach,
    appeal_lodge,
    application_move,
    concept_list_save,
    confidential_notice_send,
    interview_invite,
    scorecard_save,
    slot_create,
)
from tests.factories import (
    ApplicationFactory,
    MemberFactory,
    PortfolioFactory,
    UserFactory,
    VacancyFactory,
    committee_for,
    seat_ready,
    submitted,
)
from tests.voting.conftest import make_meeting
from vacancies.models import Requirement, VacancyKind
from voting.models import Voter
from voting.services import check_in, proxy_give, register_snapshot

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# What the other applicant wrote, or the committee wrote about them: never in Noor's zip.
OTHER_APPLICANT_TEXTS = (
    "Zarah",
    "Anderenaam",
    "zarah.ander@example.org",
    "Zarahs eigen verhaal",
    "Plaats voor de ander",
    "Commentaar over de ander",
)


def score(reviewer, application, requirement, value, note, comment):
    return scorecard_save(
        reviewer=reviewer,
        application=application,
        scores={requirement.pk: (value, note)},
        recommendation=Recommendation.YES,
        comment=comment,
        submit=True,
    )


@pytest.fixture
def noor(settings, tmp_path):
    """An applicant who went the whole way: scored twice (one card corrected), moved on with a
    reason, interviewed, advised on, placed on the list, told, appealed with a document; with a
    conflict flag about a committee member, and on an ALV's register holding a proxy."""
    settings.MEDIA_ROOT = tmp_path / "private"
    vacancy = VacancyFactory(kind=VacancyKind.BOARD, title="Landelijk bestuur 2027")
    portfolio = PortfolioFactory(vacancy=vacancy, name="Penningmeester")
    requirement = Requirement.objects.create(vacancy=vacancy, text="Ervaring met begrotingen")
    committee = committee_for(vacancy)
    chair = UserFactory(
        first_name="Cornelis", last_name="Voorzittersma", email="cornelis.geheim@example.org"
    )
    ana = UserFactory(first_name="Anoushka", last_name="Kruisinga", email="anoushka@example.org")
    ben = UserFactory(first_name="Benedikt", last_name="Tweedeling", email="benedikt@example.org")
    seat_ready(committee, chair, role="chair")
    seat_ready(committee, ana)
    seat_ready(committee, ben)
    person = UserFactory(first_name="Noor", last_name="Voorbeeld", email="noor@example.org")
    mine = submitted(ApplicationFactory(vacancy=vacancy, applicant=person))
    other = UserFactory(first_name="Zarah", last_name="Anderenaam", email=OTHER_APPLICANT_TEXTS[2])
    theirs = submitted(
        ApplicationFactory(
            vacancy=vacancy,
            applicant=other,
            first_name="Zarah",
            last_name="Anderenaam",
            motivation="Zarahs eigen verhaal",
        )
    )

    relation_declare(
        person=ana, other=person, kind=RelationKind.FRIENDSHIP, note="We sporten samen."
    )
    score(chair, mine, requirement, 4, "Sterk in cijfers", "Overtuigende brief.")
    score(ben, mine, requirement, 3, "Redelijk", "Twijfel over de tijd.")
    score(ben, mine, requirement, 4, "Bij nader inzien goed", "Toch positief.")
    score(ben, theirs, requirement, 2, "Commentaar over de ander", "Commentaar over de ander.")
    application_move(
        application=mine, to=ApplicationStatus.ROUND_1, reason="Sterke motivatie.", actor=chair
    )
    start = datetime(2027, 3, 4, 19, tzinfo=AMSTERDAM)
    slot = slot_create(
        vacancy=vacancy,
        round_="round_1",
        starts_at=start,
        ends_at=start + timedelta(minutes=45),
        location="Partijbureau, Amsterdam",
        panel=[chair, ben],
        actor=chair,
    )
    interview_invite(slot=slot, application=mine, actor=chair)
    advice_record(
        application=mine,
        portfolio=portfolio,
        suitable=True,
        reasons="Geschikt als penningmeester.",
        actor=chair,
    )
    concept_list = concept_list_of(vacancy=vacancy)
    concept_list_save(
        concept_list=concept_list,
        places=[
            {"application_id": mine.pk, "justification": "Brede ervaring met begrotingen."},
            {"application_id": theirs.pk, "justification": "Plaats voor de ander."},
        ],
        actor=chair,
    )
    confidential_notice_send(concept_list=concept_list, actor=chair)
    notifications_send_due()
    mine.refresh_from_db()
    appeal = appeal_lodge(application=mine, reasons="Ik hoor op plaats 1 te staan.", actor=person)
    appeal_attach(appeal=appeal, uploaded=SimpleUploadedFile("bezwaar.pdf", PDF), actor=person)

    MemberFactory(
        user=person,
        email=person.email,
        first_name="Noor",
        last_name="Voorbeeld",
        joined_on=date(2020, 1, 1),
    )
    MemberFactory(
        user=UserFactory(), first_name="Piet", last_name="Volmacht", joined_on=date(2020, 1, 1)
    )
    meeting = make_meeting()
    register_snapshot(meeting=meeting, actor=None)
    own_entry = Voter.objects.get(meeting=meeting, user=person)
    principal = Voter.objects.get(meeting=meeting, name="Piet Volmacht")
    proxy_give(principal=principal, holder_number=own_entry.membership_number, actor=None)
    check_in(voter=own_entry, actor=None)
    return {"person": person, "judges": (chair, ana, ben), "voter": own_entry}


def download(client, user) -> zipfile.ZipFile:
    client.force_login(user)
    response = client.get(reverse("members:my_data_download"))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.content))


def everything_in(archive: zipfile.ZipFile) -> str:
    return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


@pytest.mark.django_db
def test_the_zip_holds_the_committees_work_on_my_file_with_the_members_by_alias(client, noor):
    archive = download(client, noor["person"])
    data = json.loads(archive.read("data.json"))

    (application,) = data["review"]["applications"]
    # What only a role does is said in that role: the person knows who chairs the committee,
    # so a member's number beside the advice would name the chair's scores.
    in_role = "a member of the committee (name withheld)"
    assert application["board_advice"][0]["by"] == in_role
    cards = {card["comment"]: card for card in application["scorecards"]}
    assert set(cards) == {"Overtuigende brief.", "Toch positief."}
    chair = cards["Overtuigende brief."]["by"]
    assert chair.startswith("committee member ")
    assert cards["Overtuigende brief."]["scores"] == [
        {"requirement": "Ervaring met begrotingen", "score": 4, "comment": "Sterk in cijfers"}
    ]
    corrected = cards["Toch positief."]
    assert corrected["by"].startswith("committee member ") and corrected["by"] != chair
    assert [v["comment"] for v in corrected["versions"]] == [
        "Toch positief.",
        "Twijfel over de tijd.",
    ]
    assert corrected["versions"][1]["scores"][0]["comment"] == "Redelijk"

    steps = [(s["from"], s["to"], s["reason"], s["by"]) for s in application["status_history"]]
    assert ("submitted", "round_1", "Sterke motivatie.", in_role) in steps
    assert ("round_1", "notified", "", in_role) in steps
    assert {version["by"] for version in application["list_history"]} == {in_role}

    (interview,) = application["interviews"]
    assert interview["place"] == "Partijbureau, Amsterdam"
    assert interview["starts_at"].startswith("2027-03-04T")
    assert interview["panel_size"] == 2
    assert "panel" not in interview  # she met them: numbers would name whose scores are whose

    assert application["list_place"]["place"] == 1
    assert application["list_place"]["justification"] == "Brede ervaring met begrotingen."
    assert application["list_history"][-1]["your_place"] == 1
    assert application["board_advice"][0] == {
        **application["board_advice"][0],
        "portfolio": "Penningmeester",
        "suitable": True,
        "reasons": "Geschikt als penningmeester.",
    }

    (flag,) = application["conflict_checks"]["flags"]
    assert flag["signal"] == "relation_declared" and flag["reason"] == "We sporten samen."
    assert flag["about"].startswith("committee member ")
    assert flag["about"] not in (chair, corrected["by"])

    appeal = application["appeal"]
    assert appeal["reasons"] == "Ik hoor op plaats 1 te staan."
    (document,) = appeal["documents"]
    assert document["name"] == "bezwaar.pdf" and document["uploaded_by"] == "you"
    assert archive.read(document["file"]) == PDF
    assert data["review"]["withheld"]


@pytest.mark.django_db
def test_the_zip_holds_my_emails_audit_rows_and_voter_register_entry(client, noor):
    data = json.loads(download(client, noor["person"]).read("data.json"))

    emails = data["emails"]["emails"]
    assert {email["to"] for email in emails} == {"noor@example.org"}
    kinds = {email["kind"] for email in emails}
    assert {"review.moved.round_1", "review.interview.0", "review.confidential_notice"} <= kinds
    invitation = next(email for email in emails if email["kind"] == "review.interview.0")
    assert "Partijbureau, Amsterdam" in invitation["text"] and invitation["subject"]
    assert invitation["status"] == "sent" and invitation["sent_at"]

    about = {(row["action"], row["by"]) for row in data["audit_trail"]["about_you"]}
    assert ("review.appeal_lodged", "you") in about
    assert ("review.interview_invited", "a member of the committee (name withheld)") in about
    assert not any(by.startswith("committee member") for _action, by in about)

    (entry,) = data["voting"]["voter_register"]
    assert entry["name"] == "Noor Voorbeeld"
    assert entry["membership_number"] == noor["voter"].membership_number
    assert entry["checked_in_at"] and [c["arrived"] for c in entry["check_ins"]] == [True]
    assert entry["proxies_held_for"][0]["name"] == "Piet Volmacht"
    assert "checkin_code" not in entry
    assert any("secret" in line for line in data["voting"]["withheld"])


@pytest.mark.django_db
def test_no_committee_member_or_other_applicant_appears_anywhere_in_the_zip(client, noor):
    content = everything_in(download(client, noor["person"]))

    assert "Overtuigende brief." in content and "Brede ervaring met begrotingen." in content
    for judge in noor["judges"]:
        for identifier in (judge.first_name, judge.last_name, judge.email):
            assert identifier not in content
    for text in OTHER_APPLICANT_TEXTS:
        assert text not in content


@pytest.mark.django_db
def test_a_committee_members_zip_shows_their_work_without_the_applicants(client, noor):
    _chair, _ana, ben = noor["judges"]
    archive = download(client, ben)
    data = json.loads(archive.read("data.json"))
    content = everything_in(archive)

    work = data["review"]["as_committee_member"]
    assert [seat["role"] for seat in work["seats"]] == ["member"]
    assert len(work["scorecards_written"]) == 2
    assert [panel["location"] for panel in work["interview_panels"]] == ["Partijbureau, Amsterdam"]
    assert "review.scorecard_saved" in {row["action"] for row in data["audit_trail"]["done_by_you"]}
    for text in ("Noor", "Voorbeeld", "noor@example.org", "Toch positief.", *OTHER_APPLICANT_TEXTS):
        assert text not in content


# --- Coverage: every model holding personal data is exported or withheld with a reason -------

PROJECT_APPS = (
    "core",
    "members",
    "vacancies",
    "applications",
    "integrity",
    "review",
    "voting",
    "exports",
    "notifications",
)
PERSONAL_FIELD_NAMES = {"email", "recipient", "phone"}


def holds_personal_data(model) -> bool:
    targets = (User, Application, Member, Voter)
    for field in model._meta.get_fields():
        if field.auto_created and not field.concrete:
            continue  # a reverse relation: the other model holds the key
        if field.is_relation and field.related_model in targets:
            return True
        if field.name in PERSONAL_FIELD_NAMES:
            return True
    return False


def declared_coverage() -> tuple[set, dict]:
    exported, withheld = set(), {}
    for app in PROJECT_APPS:
        package = import_module(app)
        for info in pkgutil.iter_modules(package.__path__):
            if not info.name.startswith("privacy"):
                continue
            module = import_module(f"{app}.{info.name}")
            exported |= set(getattr(module, "EXPORTED_MODELS", ()))
            withheld |= getattr(module, "WITHHELD_MODELS", {})
    return exported, withheld


def test_every_model_holding_personal_data_is_exported_or_withheld_with_a_reason():
    exported, withheld = declared_coverage()
    personal = [
        model
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        and not model._meta.proxy
        and holds_personal_data(model)
    ]

    uncovered = sorted(
        model._meta.label for model in personal if model not in exported and model not in withheld
    )
    assert not uncovered, f"in no privacy module's EXPORTED_MODELS or WITHHELD_MODELS: {uncovered}"
    assert all(isinstance(reason, str) and reason.strip() for reason in withheld.values())
    assert all(issubclass(model, models.Model) for model in exported | set(withheld))


def test_the_coverage_check_finds_a_model_with_a_personal_field():
    assert holds_personal_data(Voter) and holds_personal_data(Relation)
    assert not holds_personal_data(apps.get_model("vacancies", "FaqEntry"))
