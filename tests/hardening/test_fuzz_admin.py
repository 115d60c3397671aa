"""Fuzzing the custom admin views: the committee's scorecard, moves, advice, relations,
bulk actions and transcript search; the chair's conflict decisions, concept list (with its
JSON places), rankings and interview planning; the disputes committee's case file; the
deadline extension and the adoption of a candidate list."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import strategies as st

from applications.models import ApplicationStatus
from integrity.models import ConflictFlag, FlagStatus, RelationKind
from integrity.services import relation_declare
from members.roles import BOARD, DISPUTES_COMMITTEE
from review.models import Appeal, ConceptList, Recommendation, ReviewRound
from review.selectors import concept_list_of
from tests.conftest import sign_in_with_second_factor
from tests.factories import (
    ApplicationFactory,
    PortfolioFactory,
    UserFactory,
    VacancyFactory,
    committee_for,
    seat_ready,
    submitted,
)
from tests.hardening import fuzz
from tests.hardening.fuzz import (
    Target,
    any_of,
    forms,
    hostile_text,
    json_texts,
    numbers,
    uploads,
    with_url_args,
)
from vacancies.models import Requirement, VacancyKind

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

STATUSES = ApplicationStatus.values
DATES = any_of("2027-03-01", "2027-02-30", "01-03-2027", "")
TIMES = any_of("10:00", "25:00", "10:00:00", "")
DATETIMES = any_of("2027-03-01T10:00", "2027-03-01 10:00", "2027-13-01T10:00", "")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def committee():
    """A board vacancy with portfolios and requirements, its committee (chair, member) and
    applications in every step of the review, one with a conflict flag."""
    vacancy = PortfolioFactory().vacancy
    PortfolioFactory(vacancy=vacancy)
    for text in ("Ervaring", "Netwerk"):
        Requirement.objects.create(vacancy=vacancy, text=text, weight=2)
    concept_list_of(vacancy=vacancy)  # made on first sight; here before the fingerprints
    group = committee_for(vacancy)
    chair, member = UserFactory(), UserFactory()
    seat_ready(group, chair, role="chair")
    seat_ready(group, member)
    applications = [submitted(ApplicationFactory(vacancy=vacancy)) for _ in range(4)]
    for application, status in zip(
        applications[1:],
        [ApplicationStatus.SCREENING, ApplicationStatus.ROUND_1, ApplicationStatus.ADVISED],
        strict=True,
    ):
        application.status = status
        application.save()
    relation_declare(
        person=member, other=applications[0].applicant, kind=RelationKind.values[0], note=""
    )
    return {
        "vacancy": vacancy,
        "chair": sign_in_with_second_factor(Client(), chair),
        "applications": [a.pk for a in applications],
        "flags": list(ConflictFlag.objects.values_list("pk", flat=True)),
    }


def per_application(name, committee, fields, request, *, label=None):
    """Fuzz an admin view under ``admin:<name>`` for each application of the committee."""
    payloads = with_url_args(forms(fields), st.sampled_from(committee["applications"]))
    fuzz.run(
        Target(
            label or f"admin:{name}",
            committee["chair"],
            lambda payload: reverse(f"admin:{name}", args=payload.url_args),
        ),
        payloads,
        request,
    )


@fuzz.fuzzes("admin:review_application_score")
def test_fuzz_the_scorecard(committee, request):
    requirements = Requirement.objects.filter(vacancy=committee["vacancy"])
    fields = {"recommendation": any_of(*Recommendation.values, ""), "submit": any_of("1")}
    fields["comment"] = st.one_of(any_of("Sterk."), hostile_text(3000))
    for requirement in requirements:
        fields[f"score_{requirement.pk}"] = any_of("1", "3", "5", "0", "6")
        fields[f"note_{requirement.pk}"] = st.one_of(any_of("Goed."), hostile_text(1200))
    per_application("review_application_score", committee, fields, request)


@fuzz.fuzzes("admin:review_application_move")
def test_fuzz_moving_an_application(committee, request):
    fields = {"to": any_of(*STATUSES), "reason": st.one_of(any_of("Past niet."), hostile_text())}
    per_application("review_application_move", committee, fields, request)


@fuzz.fuzzes("admin:review_application_advice")
def test_fuzz_the_board_advice(committee, request):
    portfolios = list(committee["vacancy"].portfolios.values_list("pk", flat=True))
    fields = {
        "portfolio": numbers(*portfolios),
        "suitable": any_of("yes", "no"),
        "reasons": st.one_of(any_of("Geschikt."), hostile_text()),
    }
    per_application("review_application_advice", committee, fields, request)


@fuzz.fuzzes("admin:review_application_relation")
def test_fuzz_a_reviewer_declaring_a_relation(committee, request):
    fields = {
        "other": numbers(1, 2, 3),
        "kind": any_of(*RelationKind.values),
        "note": st.one_of(any_of("Buurman."), hostile_text(1200)),
    }
    per_application("review_application_relation", committee, fields, request)


@fuzz.fuzzes("admin:review_application_transcribe")
def test_fuzz_transcribing_again(committee, request):
    per_application("review_application_transcribe", committee, {"detect": any_of("1")}, request)


@fuzz.fuzzes("admin:applications_application_changelist")
def test_fuzz_the_bulk_moves(committee, request):
    actions = [
        "move_to_screening",
        "move_to_round_1",
        "move_to_round_2",
        "move_to_advised",
        "move_to_not_selected",
        "transcribe_again",
        "delete_selected",
    ]
    fields = {
        "action": any_of(*actions),
        "_selected_action": st.lists(numbers(*committee["applications"]), max_size=4),
        "confirm": any_of("1", ""),
        "reason": st.one_of(any_of("Niet gekozen."), hostile_text()),
        "index": numbers(0),
        "select_across": any_of("0", "1"),
    }
    fuzz.run(
        Target(
            "admin:applications_application_changelist",
            committee["chair"],
            reverse("admin:applications_application_changelist"),
        ),
        forms(fields),
        request,
    )


@fuzz.fuzzes("admin:review_application_transcripts")
def test_fuzz_searching_transcripts(committee, request):
    fuzz.run(
        Target(
            "admin:review_application_transcripts",
            committee["chair"],
            reverse("admin:review_application_transcripts"),
            method="get",
        ),
        forms({"q": st.one_of(any_of("Amsterdam", "%", "_"), hostile_text())}),
        request,
    )


@fuzz.fuzzes("admin:integrity_conflictflag_change")
def test_fuzz_deciding_a_conflict(committee, request):
    payloads = with_url_args(
        forms(
            {
                "status": any_of(*FlagStatus.values),
                "reason": st.one_of(any_of("Geen belang."), hostile_text()),
            }
        ),
        st.sampled_from(committee["flags"]),
    )
    fuzz.run(
        Target(
            "admin:integrity_conflictflag_change",
            committee["chair"],
            lambda payload: reverse("admin:integrity_conflictflag_change", args=payload.url_args),
        ),
        payloads,
        request,
    )


def places(committee) -> st.SearchStrategy[str]:
    """The concept list's JSON: the real candidates in any order, and anything else."""
    import json

    place = st.fixed_dictionaries(
        {
            "application_id": st.one_of(
                st.sampled_from(committee["applications"]), st.integers(), hostile_text()
            ),
        },
        optional={
            "is_pusher": st.one_of(st.booleans(), hostile_text()),
            "justification": hostile_text(),
        },
    )
    return st.one_of(st.lists(place, max_size=6).map(json.dumps), json_texts())


@pytest.mark.parametrize("view", ["build", "dashboard", "rank"])
@fuzz.fuzzes(
    "admin:review_conceptlist_build",
    "admin:review_conceptlist_dashboard",
    "admin:review_conceptlist_rank",
)
def test_fuzz_the_concept_list(committee, view, request):
    ids = committee["applications"]
    fields = {
        "places": places(committee),
        "op": any_of("notice", "details", "save", ""),
        "reason": st.one_of(any_of("Volgorde aangepast."), hostile_text()),
        "not_selected_reason": st.one_of(any_of("Niet gekozen."), hostile_text()),
        "placed": st.lists(numbers(*ids), max_size=4),
        **{f"consent_{pk}": any_of("on", "") for pk in ids},
        **{f"gender_{pk}": any_of("m", "v", "x", "") for pk in ids},
    }
    vacancy = committee["vacancy"].pk
    fuzz.run(
        Target(
            f"admin:review_conceptlist_{view}",
            committee["chair"],
            reverse(f"admin:review_conceptlist_{view}", args=[vacancy]),
            models=tuple(m for m in fuzz.data_tables() if m is not ConceptList),
            snapshot=lambda: list(ConceptList.objects.values(*LIST_FIELDS)),
            check=list_kept_but_the_reason,
        ),
        forms(fields),
        request,
    )


# The reason for those not selected is kept as typed, also when the notice cannot go out yet
# (nothing the chair wrote is lost); everything else of the list must stay as it was.
LIST_FIELDS = [f.name for f in ConceptList._meta.concrete_fields]
LIST_FIELDS = [name for name in LIST_FIELDS if name not in ("not_selected_reason", "updated_at")]


def list_kept_but_the_reason(payload, response, result, before, after):
    if result.refused:
        assert before == after, "the concept list changed on a refusal"


@fuzz.fuzzes("admin:review_interviewslot_plan")
def test_fuzz_planning_interviews(committee, request):
    fields = {
        "op": any_of("slot", "invite", "move", "priority"),
        "round": any_of(ReviewRound.ROUND_1, ReviewRound.ROUND_2, "screening"),
        "starts_at": DATETIMES,
        "ends_at": DATETIMES,
        "location": st.one_of(any_of("Utrecht"), hostile_text(400)),
        "online_link": any_of("https://meet.example/abc", "javascript:alert(1)", "geen url"),
        "panel": st.lists(numbers(1, 2, 3), max_size=3),
        "slot": numbers(1, 2),
        "application": numbers(*committee["applications"]),
        "interview": numbers(1),
        "note": st.one_of(any_of("Gecontroleerd."), hostile_text()),
    }
    fuzz.run(
        Target(
            "admin:review_interviewslot_plan",
            committee["chair"],
            reverse("admin:review_interviewslot_plan", args=[committee["vacancy"].pk]),
        ),
        forms(fields),
        request,
    )


@fuzz.fuzzes("admin:review_appeal_change")
def test_fuzz_the_appeal_case_file(request):
    application = ApplicationFactory(status=ApplicationStatus.NOT_SELECTED)
    appeal = Appeal.objects.create(application=application, reasons="Mijn gesprek ging niet door.")
    staff = UserFactory(groups=[DISPUTES_COMMITTEE, BOARD], is_staff=True)
    fields = {
        "hearing_at": DATETIMES,
        "hearing_notes": st.one_of(any_of("Gehoord."), hostile_text()),
        "advice": st.one_of(any_of("Gegrond."), hostile_text()),
        "decision": st.one_of(any_of("Afgewezen."), hostile_text()),
    }
    fuzz.run(
        Target(
            "admin:review_appeal_change",
            sign_in_with_second_factor(Client(), staff),
            reverse("admin:review_appeal_change", args=[appeal.pk]),
        ),
        forms(fields, files={"document": uploads()}),
        request,
    )


@fuzz.fuzzes("admin:vacancies_vacancy_extend")
def test_fuzz_extending_a_deadline(staff_client, request):
    vacancy = VacancyFactory(deadline=timezone.now() + timedelta(days=3))
    fields = {
        "new_deadline_0": DATES,
        "new_deadline_1": TIMES,
        "reason": st.one_of(any_of("Te weinig reacties."), hostile_text(2500)),
        "early_applicants_keep_programme": any_of("on", ""),
    }
    fuzz.run(
        Target(
            "admin:vacancies_vacancy_extend",
            staff_client,
            reverse("admin:vacancies_vacancy_extend", args=[vacancy.pk]),
        ),
        forms(fields),
        request,
    )


@fuzz.fuzzes("admin:exports_candidatelistexport_change")
def test_fuzz_recording_the_adoption_of_a_list(request):
    vacancy = VacancyFactory(kind=VacancyKind.CANDIDATE_LIST)
    concept_list_of(vacancy=vacancy)
    board = sign_in_with_second_factor(Client(), UserFactory(groups=[BOARD], is_staff=True))
    fuzz.run(
        Target(
            "admin:exports_candidatelistexport_change",
            board,
            reverse("admin:exports_candidatelistexport_change", args=[vacancy.pk]),
        ),
        forms({"adopted_at": DATETIMES}),
        request,
    )


@fuzz.fuzzes("admin:autocomplete")
def test_fuzz_the_autocomplete_json(staff_client, request):
    """The committee page's vacancy search (``autocomplete_fields``): any term, model and
    field."""
    VacancyFactory(title="Penningmeester")
    fields = {
        "term": st.one_of(any_of("Penning", "%", ""), hostile_text()),
        "app_label": any_of("review", "vacancies", "members", "auth", "x"),
        "model_name": any_of("committeevacancy", "vacancy", "user", "x"),
        "field_name": any_of("vacancy", "user", "password", "x"),
        "page": numbers(1, 2),
    }
    fuzz.run(
        Target("admin:autocomplete", staff_client, reverse("admin:autocomplete"), method="get"),
        forms(fields),
        request,
    )
