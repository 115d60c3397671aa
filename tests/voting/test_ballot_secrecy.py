"""The secret ballot against whoever holds the database: the live server (its tables, every
tuple version on its pages, its write-ahead log, as a replica gets it), a pg_dump, the
project's backup, or the SQLite file of the embedded mode; during the poll and after it.
They must pair a member with their receipt or their choice no better than chance.

The election: 60 voters, each casting, in a random order and each in a transaction of their
own, a ranking no one else casts (so a choice names its voter as surely as a receipt). The
attacker knows every receipt and every ranking, and finds them, and the rows that say who
voted, by scanning everything (tests/voting/secrecy.py); no table is named here.

While the poll is open nothing of a ballot may be readable at all (it is sealed); after
closing every receipt is there exactly once and every ranking is found, yet no attack pairs
more than 8 of the 60 voters with their own (a random pairing gets about 1 right, Poisson(1):
9 or more has probability ~1e-6)."""

import json
import os
import random
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection

from tests.voting import secrecy
from tests.voting.secrecy import Truth, Verdict
from voting.models import Poll
from voting.polls import poll_close

VOTERS = 60


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_who_holds_the_postgresql_database_cannot_pair_a_member_with_their_ballot(
    settings, tmp_path
):
    assert connection.vendor == "postgresql", "make test runs on PostgreSQL; SQLite: below"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BALLOT_KEY_DIR = tmp_path / "ballot-keys"
    database = connection.settings_dict
    seed = random.SystemRandom().randrange(2**32)
    with secrecy.postgres_connect(database) as db:
        db.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        try:
            (since,) = db.execute("SELECT pg_current_wal_insert_lsn()::text").fetchone()
            truth = Truth.of(secrecy.cast_everyone(voters=VOTERS, seed=seed))
            verdict = Verdict(truth, f"(PostgreSQL; the election's seed: {seed})")

            # While the poll is open.
            live = secrecy.postgres_live(db, "live tables while open")
            verdict.look(live, sealed=True)
            versions, pages = secrecy.postgres_pages(db, "server while open", truth)
            verdict.look(versions, sealed=True)
            verdict.look(pages, who=live)
            verdict.look(secrecy.postgres_wal(db, "WAL while open", since, truth), who=live)
            dump = secrecy.dump_rows("pg_dump while open", secrecy.pg_dump(db, database))
            verdict.look(dump, sealed=True)

            # After closing.
            poll_close(poll=Poll.objects.get(pk=truth.poll), actor=None)
            live = secrecy.postgres_live(db, "live tables after closing")
            verdict.look(live, complete=True)
            versions, pages = secrecy.postgres_pages(db, "server after closing", truth)
            verdict.look(versions)
            verdict.look(pages, who=live)
            verdict.look(secrecy.postgres_wal(db, "WAL after closing", since, truth), who=live)
            dump = secrecy.dump_rows("pg_dump after closing", secrecy.pg_dump(db, database))
            verdict.look(dump, complete=True)
            call_command("backup", out=str(tmp_path / "backup"))
            archive = tmp_path / "backup" / "database.dump"
            backup = secrecy.dump_rows("backup", secrecy.pg_restore_plain(db, archive))
            verdict.look(backup, complete=True)
        finally:
            db.execute("DROP EXTENSION IF EXISTS pageinspect")

    print(verdict.summary())
    failures = verdict.failures()
    assert not failures, "\n".join(failures)


def manage_shell(code: str, env: dict) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def test_who_holds_the_sqlite_file_cannot_pair_a_member_with_their_ballot(tmp_path):
    """The embedded mode: the same election in a process of its own on an SQLite file (the
    suite's own database is PostgreSQL); the attacker copies the file (and its write-ahead
    log) while the poll is open, after closing, and takes the backup."""
    database = tmp_path / "db.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("MEDIA_ROOT", "BALLOT_KEY_DIR")},
        "DATABASE_URL": f"sqlite:///{database}",
        "VAR_DIR": str(tmp_path / "var"),
    }
    seed = random.SystemRandom().randrange(2**32)
    ground_truth = tmp_path / "truth.json"
    manage_shell(
        "from tests.voting.secrecy import sqlite_cast_main; "
        f"sqlite_cast_main({str(ground_truth)!r}, {VOTERS}, {seed})",
        env,
    )
    truth = Truth.of(json.loads(ground_truth.read_text()))
    verdict = Verdict(truth, f"(SQLite; the election's seed: {seed})")

    taken = secrecy.sqlite_take(database, tmp_path / "taken-while-open")
    raw = secrecy.sqlite_raw("SQLite bytes while open", taken, truth)
    live = secrecy.sqlite_live("SQLite file while open", taken[0])
    verdict.look(live, sealed=True)
    verdict.look(raw, who=live)

    backup = tmp_path / "backup"
    manage_shell(
        f"from tests.voting.secrecy import sqlite_close_main; "
        f"sqlite_close_main({truth.poll}, {str(backup)!r})",
        env,
    )
    taken = secrecy.sqlite_take(database, tmp_path / "taken-after-closing")
    raw = secrecy.sqlite_raw("SQLite bytes after closing", taken, truth)
    live = secrecy.sqlite_live("SQLite file after closing", taken[0])
    verdict.look(live, complete=True)
    verdict.look(raw, who=live)
    copy = backup / "database.sqlite3"
    raw = secrecy.sqlite_raw("SQLite backup bytes", [copy], truth)
    backed_up = secrecy.sqlite_live("SQLite backup", copy)
    verdict.look(backed_up, complete=True)
    verdict.look(raw, who=backed_up)

    print(verdict.summary())
    failures = verdict.failures()
    assert not failures, "\n".join(failures)
