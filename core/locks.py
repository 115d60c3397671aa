"""Locks on things that have no row of their own to lock: a document not made yet, an import
of a whole register, a person's next declaration. Rows are locked with ``select_for_update``;
this is for the rest."""

import hashlib

from django.db import connection


def _key(name: str) -> int:
    """A name as the signed 64-bit key PostgreSQL's advisory locks take."""
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def hold(name: str) -> None:
    """Hold the lock called ``name`` until the current transaction ends: whoever asks for the
    same name waits until then, and reads what this transaction wrote. A PostgreSQL advisory
    lock (the one-key form: it never meets the two-key locks of voting.casting). SQLite, the
    embedded mode, lets one transaction write at a time anyway, so there it does nothing."""
    if not connection.in_atomic_block:
        raise RuntimeError("hold() is only meaningful inside a transaction")
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_key(name)])
