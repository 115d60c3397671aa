"""Backup and restore: a backup restored into an empty database holds every application,
its files and every closed poll's result, unchanged."""

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.db import connection

from applications.models import ApplicationFile
from core.backup import backup_make, backup_restore
from core.errors import ServiceError
from tests.factories import ApplicationFactory
from tests.voting.conftest import make_meeting, make_poll, make_voters
from voting.services import ballot_cast, poll_close, poll_open

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def admin_connection():
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname="postgres", autocommit=True
    )


@pytest.fixture
def empty_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield {**connection.settings_dict, "NAME": name}
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_an_empty_database(settings, tmp_path, empty_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    applications = [ApplicationFactory(first_name=name) for name in ("Amal", "Jayden")]
    attached = ApplicationFile(
        application=applications[0],
        kind="letter",
        original_name="brief.pdf",
        extension="pdf",
        content_type="application/pdf",
        size=11,
    )
    attached.file.save("brief.pdf", ContentFile(b"%PDF-1.7 hi"))
    meeting = make_meeting()
    (voter,) = make_voters(meeting, 1)
    poll = make_poll(meeting, ["Amal"])
    poll_open(poll=poll, actor=None)
    ballot_cast(poll=poll, voter=voter, choices={str(poll.options.get().pk): "yes"})
    poll = poll_close(poll=poll, actor=None)

    backup = backup_make(out=tmp_path / "backup")
    restored_media = tmp_path / "restored-media"
    backup_restore(source=backup, database=empty_database, media_root=restored_media)

    with psycopg.connect(
        host=empty_database["HOST"],
        port=empty_database["PORT"],
        user=empty_database["USER"],
        dbname=empty_database["NAME"],
    ) as restored:
        names = restored.execute(
            "SELECT first_name FROM applications_application ORDER BY id"
        ).fetchall()
        (path,) = restored.execute("SELECT file FROM applications_applicationfile").fetchone()
        (result,) = restored.execute(
            "SELECT result FROM voting_poll WHERE id = %s", [poll.pk]
        ).fetchone()
        (ballots,) = restored.execute("SELECT count(*) FROM voting_ballot").fetchone()
    assert [name for (name,) in names] == ["Amal", "Jayden"]
    assert (restored_media / path).read_bytes() == b"%PDF-1.7 hi"
    assert result == poll.result and result["elected"] and ballots == 1


def test_a_damaged_backup_is_refused(settings, tmp_path, empty_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    backup = backup_make(out=tmp_path / "backup")
    with (backup / "media.tar.gz").open("ab") as media:
        media.write(b"x")
    with pytest.raises(ServiceError, match="checksum"):
        backup_restore(source=backup, database=empty_database, media_root=tmp_path / "r")
