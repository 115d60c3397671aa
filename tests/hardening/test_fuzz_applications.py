"""Fuzzing the applicant's forms: the application (with its files, autosave and submit),
single uploads (the recorder's JSON answer), diversity, availability, withdrawal, file
removal and transcript corrections."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import strategies as st

from applications.diversity import PREFER_NOT, QUESTIONS
from applications.models import (
    Application,
    ApplicationStatus,
    FileCheck,
    FileKind,
    Transcript,
    TranscriptStatus,
)
from applications.services import DRAFT_FIELDS
from tests.factories import (
    ApplicationFactory,
    MilestoneFactory,
    PortfolioFactory,
    UserFactory,
    attached_file,
)
from tests.hardening import fuzz
from tests.hardening.fuzz import (
    Target,
    any_of,
    forms,
    hostile_text,
    numbers,
    uploads,
    with_url_args,
)
from vacancies.models import MilestoneDate, MilestoneKind, VacancyKind

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def choices_of(model, name):
    return [key for key, _label in model._meta.get_field(name).choices]


def board_vacancy():
    """A members-only board vacancy with portfolios, a CV and two interview dates: every
    field the form can have."""
    portfolio = PortfolioFactory()
    vacancy = portfolio.vacancy
    vacancy.members_only, vacancy.cv_required = True, True
    vacancy.save()
    PortfolioFactory(vacancy=vacancy)
    milestone = MilestoneFactory(vacancy=vacancy, kind=MilestoneKind.INTERVIEW_ROUND)
    for days in (20, 27):
        MilestoneDate.objects.create(
            milestone=milestone, date=timezone.localdate() + timedelta(days)
        )
    return vacancy


def availability_fields(vacancy) -> dict:
    dates = MilestoneDate.objects.filter(milestone__vacancy=vacancy)
    return {f"available_{d.pk}": any_of("yes", "no", "") for d in dates}


def application_fields(vacancy) -> dict:
    portfolio_ids = list(vacancy.portfolios.values_list("pk", flat=True))
    return {
        "initials": any_of("A.B.", "N.", ""),
        "first_name": any_of("Noor", "Anna-Lisa", ""),
        "name_prefix": any_of("van der", ""),
        "last_name": any_of("Voorbeeld", "Çelik"),
        "pronouns": any_of("zij/haar", ""),
        "date_of_birth": any_of("1990-05-17", "2012-01-01", "1900-01-01", ""),
        "place_of_residence": any_of("Utrecht", "'s-Hertogenbosch"),
        "country": any_of("NL", "BE", "nl", "XX"),
        "phone": any_of("+31 6 12345678", "0612345678", "06-abc"),
        "membership_number": any_of("200001", "1", ""),
        "motivation": st.one_of(any_of("Ik wil bijdragen."), hostile_text(200)),
        "consent_political_data": any_of("on", "true", ""),
        "retention": any_of(*choices_of(Application, "retention")),
        "portfolios": st.lists(numbers(*portfolio_ids), max_size=3),
        **availability_fields(vacancy),
    }


def unchanged_where_refused(payload, response, result, before, after):
    """The form saves every valid field of a draft; a field it refused keeps its value."""
    form = response.context["form"] if response.context and "form" in response.context else None
    if form is None:
        return
    for name in form.errors:
        if name in DRAFT_FIELDS:
            assert before[name] == after[name], f"{name} was refused but changed"


def application_row(application):
    return lambda: Application.objects.filter(pk=application.pk).values(*DRAFT_FIELDS).first()


@fuzz.fuzzes("applications:apply")
def test_fuzz_the_application_form(client, request):
    vacancy = board_vacancy()
    applicant = UserFactory()
    client.force_login(applicant)
    url = reverse("applications:apply", args=[vacancy.slug])
    client.post(url, {"autosave": "1", "country": "NL", "retention": "procedure"})  # 1st save
    application = Application.objects.get(applicant=applicant)
    buttons = st.one_of(
        st.just({}), st.just({"submit": "1"}), st.just({"autosave": "1"}), st.just({"save": "1"})
    )
    payloads = st.builds(
        lambda payload, button: (
            (payload.fields.update(button) or payload) if payload.raw is None else payload
        ),
        forms(
            application_fields(vacancy),
            files={kind: uploads() for kind in FileKind.values},
        ),
        buttons,
    )
    fuzz.run(
        Target(
            "applications:apply",
            client,
            url,
            keeps_valid_part=True,
            snapshot=application_row(application),
            check=unchanged_where_refused,
        ),
        payloads,
        request,
    )


def submitted_board_application(applicant):
    vacancy = board_vacancy()
    vacancy.kind = VacancyKind.BOARD
    vacancy.save()
    return ApplicationFactory(
        vacancy=vacancy,
        applicant=applicant,
        status=ApplicationStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )


@fuzz.fuzzes("applications:upload_file")
def test_fuzz_single_uploads_and_the_recorders_json(client, request):
    applicant = UserFactory()
    client.force_login(applicant)
    draft = ApplicationFactory(applicant=applicant, vacancy=board_vacancy())
    kinds = any_of(*FileKind.values, "file", "")
    payloads = forms(
        {"kind": kinds},
        files={kind: uploads() for kind in [*FileKind.values, "file"]},
        headers=st.one_of(st.just({}), st.just({"X-Requested-With": "XMLHttpRequest"})),
    )
    fuzz.run(
        Target(
            "applications:upload_file",
            client,
            reverse("applications:upload_file", args=[draft.pk]),
        ),
        payloads,
        request,
    )


@fuzz.fuzzes("applications:diversity")
def test_fuzz_the_diversity_questions(client, request):
    applicant = UserFactory()
    client.force_login(applicant)
    application = submitted_board_application(applicant)
    fields = {}
    for dimension, (_question, choices) in QUESTIONS.items():
        fields[dimension] = any_of(*(c for c, _label in choices), PREFER_NOT, "")
        fields[f"{dimension}__show"] = any_of("on", "")
    fuzz.run(
        Target(
            "applications:diversity",
            client,
            reverse("applications:diversity", args=[application.pk]),
        ),
        forms(fields),
        request,
    )


@fuzz.fuzzes("applications:availability")
def test_fuzz_availability_after_sending(client, request):
    applicant = UserFactory()
    client.force_login(applicant)
    application = submitted_board_application(applicant)
    fields = availability_fields(application.vacancy)
    fields["available_999999999"] = any_of("yes", "no")
    fuzz.run(
        Target(
            "applications:availability",
            client,
            reverse("applications:availability", args=[application.pk]),
        ),
        forms(fields),
        request,
    )


@fuzz.fuzzes("applications:withdraw")
def test_fuzz_withdrawing(client, request):
    applicant = UserFactory()
    client.force_login(applicant)
    application = submitted_board_application(applicant)
    fuzz.run(
        Target(
            "applications:withdraw",
            client,
            reverse("applications:withdraw", args=[application.pk]),
        ),
        forms({"reason": st.one_of(any_of("Ik heb een andere baan."), hostile_text(3000))}),
        request,
    )


def stored_file(application, kind=FileKind.LETTER):
    letter = kind == FileKind.LETTER
    return attached_file(
        application,
        kind=kind,
        name="brief.pdf" if letter else "film.webm",
        content_type="application/pdf" if letter else "video/webm",
        content=b"%PDF",
        check_status=FileCheck.OK,
    )


@fuzz.fuzzes("applications:remove_file")
def test_fuzz_removing_a_file(client, request):
    applicant = UserFactory()
    client.force_login(applicant)
    draft = ApplicationFactory(applicant=applicant, vacancy=board_vacancy())
    other = stored_file(ApplicationFactory())
    own = stored_file(draft)
    file_ids = st.one_of(st.sampled_from([own.uuid, other.uuid]), st.uuids())
    payloads = with_url_args(forms({"confirm": any_of("1")}), file_ids)

    def url(payload):
        return reverse("applications:remove_file", args=[draft.pk, *payload.url_args])

    fuzz.run(Target("applications:remove_file", client, url), payloads, request)


HEARD = [
    {"start": 0.0, "end": 2.4, "text": "Ik won in Amsterdam."},
    {"start": 2.4, "end": 5.0, "text": "En ik wil meedoen met de verkiezingen."},
]


@fuzz.fuzzes("applications:transcript")
def test_fuzz_correcting_a_transcript(client, request):
    applicant = UserFactory()
    client.force_login(applicant)
    application = submitted_board_application(applicant)
    attached = stored_file(application, kind=FileKind.VIDEO)
    Transcript.objects.create(
        file=attached,
        status=TranscriptStatus.DONE,
        progress=100,
        language="nl",
        segments=HEARD,
        text="\n".join(s["text"] for s in HEARD),
    )
    fields = {
        "segment_0": st.one_of(any_of("Ik woon in Amsterdam."), hostile_text(2500)),
        "segment_1": any_of("En ik wil meedoen.", ""),
        "segment_2": any_of("Een passage te veel."),
        "restore": any_of("1"),
    }
    fuzz.run(
        Target(
            "applications:transcript",
            client,
            reverse("applications:transcript", args=[application.pk, attached.uuid]),
        ),
        forms(fields),
        request,
    )
