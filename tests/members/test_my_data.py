import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import Application, ApplicationFile, FileKind
from applications.services import application_attach_file
from core.models import AuditEntry
from integrity.models import Declaration
from integrity.selectors import questionnaire_current
from integrity.services import declaration_sign
from members.models import User
from tests.applications import samples
from tests.factories import PASSWORD, ApplicationFactory, MemberFactory


@pytest.fixture
def applicant_with_data(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    application = ApplicationFactory(motivation="Mijn verhaal")
    user = application.applicant
    MemberFactory(email=user.email, user=user)
    attached = application_attach_file(
        application=application,
        kind=FileKind.LETTER,
        uploaded=SimpleUploadedFile("brief.pdf", samples.PDF),
    )
    questionnaire = questionnaire_current()
    answers = {
        q.key: {"agree": True, "side_positions": [{"organisation": "Buurthuis"}], "text": ""}.get(
            q.answer_type, {"answer": "no", "explanation": ""}
        )
        for q in questionnaire.questions.all()
    }
    declaration_sign(user=user, questionnaire=questionnaire, answers=answers, signed_name="Noor")
    return user, attached


@pytest.mark.django_db
def test_download_my_data_holds_every_app_s_records_and_my_files(client, applicant_with_data):
    user, _letter = applicant_with_data
    client.force_login(user)

    response = client.get("/account/mijn-gegevens/download/")

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == user.email
    assert data["account"]["member_register"]["membership_number"]
    assert data["applications"][0]["motivation"] == "Mijn verhaal"
    assert data["integrity"]["declarations"][0]["signed_name"] == "Noor"
    assert data["integrity"]["positions"][0]["body"] == "Buurthuis"
    letter = [name for name in archive.namelist() if name.startswith("files/")]
    assert len(letter) == 1 and archive.read(letter[0]) == samples.PDF


@pytest.mark.django_db
def test_erase_my_account_removes_records_and_files(
    client, applicant_with_data, django_capture_on_commit_callbacks
):
    user, attached = applicant_with_data
    path = Path(attached.file.path)
    client.force_login(user)

    wrong = client.post("/account/mijn-gegevens/", {"password": "niet-goed"})
    assert "Dat is niet je wachtwoord." in wrong.content.decode()
    assert User.objects.filter(pk=user.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/mijn-gegevens/", {"password": PASSWORD})

    assert not User.objects.filter(pk=user.pk).exists()
    assert not Application.objects.exists() and not ApplicationFile.objects.exists()
    assert not Declaration.objects.exists()
    assert not path.exists()
    assert AuditEntry.objects.filter(action="privacy.erase_account", actor=None).exists()
    assert "_auth_user_id" not in client.session
