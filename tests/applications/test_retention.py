from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from applications.models import Application, ApplicationStatus, FileKind, PurgeLog, Retention
from applications.retention import purge_expired
from applications.services import application_attach_file
from integrity.models import Declaration
from integrity.selectors import questionnaire_current
from integrity.services import declaration_sign
from tests.applications import samples
from tests.factories import ApplicationFactory, VacancyFactory
from vacancies.models import VacancyStatus


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def ended(days_ago: int):
    return VacancyFactory(
        status=VacancyStatus.FINISHED, ended_at=timezone.now() - timedelta(days=days_ago)
    )


def sign(user):
    questionnaire = questionnaire_current()
    answers = {
        q.key: {"agree": True, "side_positions": [], "text": ""}.get(
            q.answer_type, {"answer": "no", "explanation": ""}
        )
        for q in questionnaire.questions.all()
    }
    declaration_sign(user=user, questionnaire=questionnaire, answers=answers, signed_name="X")


@pytest.mark.django_db
def test_only_what_is_due_is_deleted_whatever_its_status_files_and_declarations_included(
    django_capture_on_commit_callbacks,
):
    old = ended(days_ago=30)
    recent = ended(days_ago=10)
    withdrawn = ApplicationFactory(vacancy=VacancyFactory(), status=ApplicationStatus.DRAFT)
    letter = application_attach_file(
        application=withdrawn,
        kind=FileKind.LETTER,
        uploaded=SimpleUploadedFile("brief.pdf", samples.PDF),
    )
    # The letter was added while the vacancy was open; the procedure has since ended.
    Application.objects.filter(pk=withdrawn.pk).update(
        status=ApplicationStatus.WITHDRAWN, vacancy=old
    )
    sign(withdrawn.applicant)
    kept_on_file = ApplicationFactory(
        vacancy=old, status=ApplicationStatus.WITHDRAWN, retention=Retention.ONE_YEAR
    )
    # Left in "submitted" when the procedure ended: it did not lead anywhere, so it goes too.
    left_behind = ApplicationFactory(vacancy=old, status=ApplicationStatus.SUBMITTED)
    appointed = ApplicationFactory(vacancy=old, status=ApplicationStatus.ACCEPTED)
    too_recent = ApplicationFactory(vacancy=recent, status=ApplicationStatus.WITHDRAWN)
    letter_path = Path(letter.file.path)

    with django_capture_on_commit_callbacks(execute=True):
        logs = purge_expired()

    remaining = set(Application.objects.values_list("pk", flat=True))
    assert remaining == {kept_on_file.pk, appointed.pk, too_recent.pk}
    assert left_behind.pk not in remaining
    assert not letter_path.exists()
    assert not Declaration.objects.filter(user=withdrawn.applicant).exists()
    assert [(log.vacancy, log.applications_deleted, log.applications_kept) for log in logs] == [
        (old, 2, 0)
    ]


@pytest.mark.django_db
def test_the_purge_log_holds_no_personal_data():
    application = ApplicationFactory(vacancy=ended(days_ago=40), status=ApplicationStatus.DRAFT)
    purge_expired()

    log = PurgeLog.objects.get()
    values = " ".join(str(value) for value in log.__dict__.values())
    for personal in (application.first_name, application.last_name, application.applicant.email):
        assert personal not in values


@pytest.mark.django_db
def test_a_year_on_file_is_a_year():
    application = ApplicationFactory(
        vacancy=ended(days_ago=300),
        status=ApplicationStatus.WITHDRAWN,
        retention=Retention.ONE_YEAR,
    )
    assert purge_expired() == []
    assert purge_expired(now=timezone.now() + timedelta(days=70))[0].applications_deleted == 1
    assert not Application.objects.filter(pk=application.pk).exists()


@pytest.mark.django_db
def test_the_dry_run_shows_and_deletes_nothing():
    ApplicationFactory(vacancy=ended(days_ago=40), status=ApplicationStatus.WITHDRAWN)
    out = StringIO()

    call_command("purge_expired", "--dry-run", stdout=out)

    assert "would delete 1 applications, 0 files" in out.getvalue()
    assert Application.objects.count() == 1
