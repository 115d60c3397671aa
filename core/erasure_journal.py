"""The erasure journal: one line per erased account, written outside the database, so that
restoring a backup made before an erasure does not bring the person back — ``manage.py
restore`` applies the journal again at once (``erasures_reapply``).

A line holds the account's id and the moment it was made (``date_joined``), nothing else: the
id alone could meet a new account that reused it after a restore; the pair cannot."""

import fcntl
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone


def _path() -> Path:
    return Path(settings.ERASURE_JOURNAL)


def journal_erasure(*, user) -> None:
    """Append the account's line once the erasure commits."""
    line = json.dumps(
        {
            "user_id": user.pk,
            "joined": user.date_joined.isoformat(),
            "erased_at": timezone.now().isoformat(),
        }
    )
    transaction.on_commit(lambda: _append(line))


def _append(line: str) -> None:
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as journal:
        fcntl.flock(journal, fcntl.LOCK_EX)
        journal.write(line + "\n")
        journal.flush()


def journaled_erasures() -> list[dict]:
    path = _path()
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entries.append(json.loads(line))
        except ValueError:
            continue  # a line cut short by a crash mid-write
    return entries
