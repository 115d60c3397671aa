"""Uploaded files leave the disk only after the database has let go of them: a row deleted in
a transaction that rolls back still finds its file. Every model with a FileField is covered,
whatever deletes the row (a service, a cascade from an account's erasure, the admin), and the
orphan sweep removes what a crash between the commit and the deletion left behind.

A program that needs a file on disk (ffprobe, ffmpeg) gets a private temporary copy read
through the storage (``local_copy``), never a path into the storage itself."""

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete

# A file younger than this may belong to an upload whose row is not committed yet.
ORPHAN_MIN_AGE_SECONDS = 24 * 3600
_COPY_CHUNK = 1024 * 1024


def delete_after_commit(stored) -> None:
    """Remove ``stored`` (a FieldFile) from its storage once the current transaction commits;
    at once outside a transaction; never when it rolls back."""
    if stored and stored.name:
        storage, name = stored.storage, stored.name
        transaction.on_commit(lambda: storage.delete(name))


@contextmanager
def local_copy(stored, *, suffix: str = "") -> Iterator[str]:
    """The path of a temporary copy of ``stored`` (a FieldFile), read through its storage, for a
    program that needs a file on disk; only this process's user can read it, and it is removed
    when the block ends. Works with any storage (nothing asks the storage for a path). Raises
    OSError when the storage cannot give the file (removed meanwhile)."""
    storage, name = stored.storage, stored.name
    with tempfile.NamedTemporaryFile(prefix="bij1-", suffix=suffix) as copy:
        with storage.open(name, "rb") as source:
            shutil.copyfileobj(source, copy, _COPY_CHUNK)
        copy.flush()
        yield copy.name


def file_fields(model) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _delete_files_of(sender, instance, **kwargs) -> None:
    for field in file_fields(sender):
        delete_after_commit(getattr(instance, field.attname))


def connect_file_cleanup() -> None:
    """Called once from CoreConfig.ready, when every model is loaded."""
    for model in apps.get_models():
        if file_fields(model):
            post_delete.connect(
                _delete_files_of, sender=model, dispatch_uid=f"core.files:{model._meta.label}"
            )


def referenced_files() -> set[str]:
    """The storage names of every file a row still points at."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in file_fields(model):
            names.update(
                model._base_manager.exclude(**{field.attname: ""}).values_list(
                    field.attname, flat=True
                )
            )
    return names


def sweep_orphans(*, now: float | None = None) -> list[str]:
    """Delete files under MEDIA_ROOT that no row points at and that are older than a day.
    Returns the storage names removed."""
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    now = now if now is not None else time.time()
    kept = referenced_files()
    removed = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        name = path.relative_to(root).as_posix()
        if name in kept or now - path.stat().st_mtime < ORPHAN_MIN_AGE_SECONDS:
            continue
        os.remove(path)
        removed.append(name)
    return removed
