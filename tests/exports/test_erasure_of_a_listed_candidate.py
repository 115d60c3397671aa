"""A candidate on a list the ALV adopted erases her account (#27): her place is a legal hold,
so the list keeps reading 1, 2, 3, … with her name on it, the Kiesraad's files have no gap,
and she was told beforehand what stays, on which ground and until when."""

import csv
import io

import pytest
from django.utils import timezone

from core.models import AuditEntry
from core.privacy import erasure_preview, personal_data_erase
from exports.services import ExportFormat, candidate_list_export
from members.models import User

pytestmark = pytest.mark.django_db


def test_an_erased_candidate_keeps_her_place_on_the_adopted_list(kiesraad_list):
    concept_list = kiesraad_list["list"]
    concept_list.adopted_at = timezone.now()
    concept_list.save(update_fields=["adopted_at"])
    kwame = kiesraad_list["applications"][1]

    (told,) = erasure_preview(user=kwame.applicant)
    kept = personal_data_erase(user=kwame.applicant)

    assert "Plaats 2 op de lijst" in told.what and [k.what for k in kept] == [told.what]
    assert not User.objects.filter(pk=kwame.applicant_id).exists()
    assert list(concept_list.entries.order_by("position").values_list("position", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
    ]
    content = candidate_list_export(
        vacancy=kiesraad_list["vacancy"], file_format=ExportFormat.CSV, actor=None, language="nl"
    ).content.decode()
    rows = list(csv.DictReader(io.StringIO(content), delimiter=";"))
    assert [row["achternaam"] for row in rows][1] == "Mensah"
    assert AuditEntry.objects.filter(action="privacy.erase_account").exists()
