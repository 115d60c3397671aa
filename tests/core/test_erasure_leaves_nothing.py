"""Erased means gone (#27): a richly filled person — scored, interviewed, placed on a list the
ALV adopted, appealed, e-mailed, with a recording and its transcript, self-identification, a
declaration and generated documents — erases her account, the nightly retention runs, and then
every table, the media folder and the stored documents are searched for anything that
identifies her. What may remain is only what a legal hold keeps, told to her beforehand."""

import re
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from applications.models import (
    Application,
    ApplicationFile,
    DiversityResponse,
    FileKind,
    Transcript,
)
from core.privacy import erasure_preview, personal_data_erase
from core.retention import retention_run
from exports.documents import document_make, document_request
from exports.models import GeneratedDocument
from integrity.selectors import questionnaire_current
from integrity.services import declaration_sign
from review.selectors import concept_list_of
from tests.core.test_access_export import noor  # noqa: F401 - the richly filled person

# What identifies her: her names, addresses, numbers and her own words.
IDENTIFIERS = (
    "noor",
    "voorbeeld",
    "noor@example.org",
    "0612345678",
    "mijn eigen verhaal over de wijk",
    "ik hoor op plaats 1 te staan",
    "we sporten samen",
    "zoals ik in mijn opname zei",
)
NAMING_HER = re.compile(
    r"\b(" + "|".join(re.escape(i) for i in IDENTIFIERS) + r")\b", re.IGNORECASE
)
# Where a legal hold or a kept register may still name her, and why (told to her before).
ALLOWED = {
    "applications_application": "her place on the list the ALV adopted (candidate_list_record)",
    "members_member": "the party's member register (her membership, not her account)",
    "voting_voter": "the ALV's voter register (the meeting's minutes)",
}


def fill_the_rest(person):
    """What the shared fixture leaves out: a recording with its transcript, her own words,
    self-identification, a signed declaration, a list the ALV adopted, a generated document."""
    application = Application.objects.get(applicant=person)
    Application.objects.filter(pk=application.pk).update(
        first_name="Noor",
        last_name="Voorbeeld",
        phone="0612345678",
        motivation="Mijn eigen verhaal over de wijk",
        date_of_birth=date(1990, 5, 17),
    )
    recording = ApplicationFile(
        application=application,
        kind=FileKind.VOICE,
        original_name="noor-voorbeeld.webm",
        extension="webm",
        content_type="audio/webm",
        size=4,
    )
    recording.file.save("upload", ContentFile(b"webm"))
    Transcript.objects.create(
        file=recording, text="Zoals ik in mijn opname zei", segments=[{"text": "Zoals ik"}]
    )
    DiversityResponse.objects.create(
        application=application, dimension="colour", value="yes", show_to_committee=True
    )
    questionnaire = questionnaire_current()
    answers = {
        q.key: {
            "agree": True,
            "side_positions": [{"organisation": "Voorbeeld BV"}],
            "text": "",
        }.get(q.answer_type, {"answer": "no", "explanation": ""})
        for q in questionnaire.questions.all()
    }
    declaration_sign(
        user=person, questionnaire=questionnaire, answers=answers, signed_name="Noor Voorbeeld"
    )
    concept_list = concept_list_of(vacancy=application.vacancy)
    concept_list.adopted_at = timezone.now()
    concept_list.save(update_fields=["adopted_at"])
    document = document_request(
        kind="committee_advice", obj=application.vacancy, actor=None, language="nl"
    )
    document_make(document_id=document.pk)
    return application, recording


def rows_naming_her() -> dict[str, list[str]]:
    """Every row of every table, as text, that holds one of her identifiers."""
    found: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT t::text FROM "{table}" t')  # noqa: S608 - table names only
            for (row,) in cursor.fetchall():
                if NAMING_HER.search(row):
                    found.setdefault(table, []).append(row)
    return found


@pytest.mark.django_db
def test_after_erasure_and_retention_only_what_a_hold_keeps_names_her(
    noor,  # noqa: F811 - the fixture imported above
    settings,
    django_capture_on_commit_callbacks,
):
    person = noor["person"]
    application, recording = fill_the_rest(person)
    media = settings.MEDIA_ROOT
    assert rows_naming_her().keys() - ALLOWED.keys()  # the search finds her before

    told = erasure_preview(user=person)
    with django_capture_on_commit_callbacks(execute=True):
        kept = personal_data_erase(user=person)
        retention_run()

    found = rows_naming_her()
    assert set(found) <= set(ALLOWED), {t: r for t, r in found.items() if t not in ALLOWED}
    (held_row,) = found["applications_application"]
    assert f"({application.pk}," in held_row
    held = Application.objects.get(pk=application.pk)
    assert held.legal_holds.exists() and held.motivation == "" and held.phone == ""
    assert not held.files.exists() and not ApplicationFile.objects.filter(pk=recording.pk).exists()
    assert not DiversityResponse.objects.filter(application=held).exists()
    assert [item.what for item in kept] == [item.what for item in told] and kept
    assert not GeneratedDocument.objects.exists()
    on_disk = [path for path in media.rglob("*") if path.is_file()]
    assert on_disk == [], on_disk
