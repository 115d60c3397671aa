"""Erasure and retention at the same moment, on real PostgreSQL (tests/races.py makes each
race happen every run): a double click on *erase*, and the nightly purge reaching a held
application while its applicant erases her account."""

import pytest
from django.db import connection

from applications.models import Application
from applications.retention import purge_expired
from core.erasure_journal import journaled_erasures
from core.privacy import personal_data_erase
from members.models import User
from tests.applications.test_erasure_and_holds import withdrawn_nominee
from tests.races import race

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def postgresql(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.fail("these tests need PostgreSQL (make test starts it)")
    settings.MEDIA_ROOT = tmp_path / "media"


def test_two_erasures_of_one_account_at_once_erase_it_once(monkeypatch):
    noor = withdrawn_nominee()
    user = noor.applicant

    outcomes = race(
        monkeypatch,
        "core.privacy.get_user_model",
        lambda: personal_data_erase(user=user),
        lambda: personal_data_erase(user=user),
    )

    assert [o.error or o.refused for o in outcomes] == ["", ""]
    # One erasure did the work and says what it kept; the other found the account gone.
    assert sorted(len(o.value) for o in outcomes) == [0, 1]
    assert not User.objects.filter(pk=user.pk).exists()
    assert User.objects.filter(email__endswith="@erased.invalid").count() == 1
    assert len(journaled_erasures()) == 1
    held = Application.objects.get(pk=noor.pk)
    assert held.applicant.email.endswith("@erased.invalid") and held.legal_holds.count() == 1


def test_the_purge_and_an_erasure_of_the_same_held_application_at_once(monkeypatch):
    noor = withdrawn_nominee()
    user = noor.applicant

    outcomes = race(
        monkeypatch,
        "applications.erasure.live_holds",
        lambda: purge_expired(),
        lambda: personal_data_erase(user=user),
    )

    assert [o.error or o.refused for o in outcomes] == ["", ""]
    assert not User.objects.filter(pk=user.pk).exists()
    held = Application.objects.select_related("applicant").get(pk=noor.pk)
    assert held.applicant.email.endswith("@erased.invalid")
    assert held.motivation == "" and held.legal_holds.count() == 1
