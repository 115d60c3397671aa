"""Erased stays erased: a restore from a backup made before an erasure applies it again,
backups expire, and files no row points at are swept."""

import json
import os
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from applications.models import Application
from core.backup import MANIFEST, backup_make, backup_prune, backup_restore
from core.erasure_journal import _append, journaled_erasures
from core.files import ORPHAN_MIN_AGE_SECONDS, sweep_orphans
from core.privacy import erasures_reapply, personal_data_erase
from core.retention import period
from members.models import User
from tests.factories import ApplicationFactory, UserFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_from_an_older_backup_erases_again_whoever_was_erased_since(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    leaving = ApplicationFactory(first_name="Sanne").applicant
    staying = ApplicationFactory(first_name="Milan").applicant
    backup = backup_make(out=tmp_path / "backup")
    personal_data_erase(user=leaving)

    manifest = backup_restore(source=backup)

    assert manifest["erasures_reapplied"] == 1
    assert not User.objects.filter(pk=leaving.pk).exists()
    assert User.objects.filter(pk=staying.pk).exists()
    assert list(Application.objects.values_list("first_name", flat=True)) == ["Milan"]


@pytest.mark.django_db
def test_the_journal_holds_no_personal_data_and_never_meets_a_new_account_by_its_id(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(email="sanne.de.wit@example.org", first_name="Sanne")
    with django_capture_on_commit_callbacks(execute=True):
        personal_data_erase(user=user)
    (entry,) = journaled_erasures()
    assert "sanne" not in json.dumps(entry).lower()

    # An account that got an erased account's id (a restore reset the id sequence) is
    # someone else: the moment it was made differs.
    newcomer = UserFactory(email="milan@example.org")
    _append(json.dumps({**entry, "user_id": newcomer.pk}))

    assert erasures_reapply() == 0
    assert User.objects.filter(pk=newcomer.pk).exists()


def test_backups_older_than_their_period_are_deleted_and_other_folders_left(tmp_path):
    now = timezone.now()
    for name, age in (("old", period("backups") + timedelta(days=1)), ("new", timedelta(days=1))):
        folder = tmp_path / name
        folder.mkdir()
        (folder / MANIFEST).write_text(json.dumps({"made_at": (now - age).isoformat()}))
    (tmp_path / "notes").mkdir()

    removed = backup_prune(parent=tmp_path, now=now)

    assert removed == [tmp_path / "old"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "notes"]


@pytest.mark.django_db
def test_the_sweep_removes_only_old_files_that_no_row_points_at(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from tests.applications.test_erasure_and_holds import with_letter

    referenced = with_letter(ApplicationFactory())
    orphan, fresh = tmp_path / "applications" / "ab" / "orphan.pdf", tmp_path / "fresh.pdf"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"left by a crash")
    fresh.write_bytes(b"an upload whose row is not committed yet")
    long_ago = time.time() - ORPHAN_MIN_AGE_SECONDS - 60
    for path in (referenced, orphan):
        os.utime(path, (long_ago, long_ago))

    removed = sweep_orphans()

    assert removed == ["applications/ab/orphan.pdf"]
    assert referenced.exists() and fresh.exists() and not orphan.exists()
