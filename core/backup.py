"""Backing up and restoring the party's data: the database and the private media (uploads).

A backup is a folder with ``database.dump`` (PostgreSQL's custom format, from ``pg_dump``; in
the embedded mode a copy of the SQLite file, ``database.sqlite3``), ``media.tar.gz`` (every
file under MEDIA_ROOT) and ``manifest.json`` (what is in it, with SHA-256 sums). Restoring
checks the sums, replaces the database's contents and puts the files back.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import datetime
from glob import glob
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from core.errors import ServiceError
from core.privacy import erasures_reapply
from core.retention import period

MANIFEST = "manifest.json"
MEDIA = "media.tar.gz"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
# A backup holds everything personal the party keeps: its owner (the account that runs the
# backups) alone reads it.
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600


def postgres_tool(name: str) -> str:
    """pg_dump or pg_restore: from PATH, else the newest Debian PostgreSQL install."""
    found = shutil.which(name) or max(glob(f"/usr/lib/postgresql/*/bin/{name}"), default="")
    if not found:
        raise ServiceError(f"{name} is not installed (Debian: apt install postgresql-client).")
    return found


def postgres_env(database: dict) -> dict:
    return {
        **os.environ,
        "PGHOST": str(database.get("HOST") or ""),
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": str(database.get("USER") or ""),
        "PGPASSWORD": str(database.get("PASSWORD") or ""),
        "PGDATABASE": str(database["NAME"]),
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup_make(*, out: Path, database: dict | None = None, media_root=None) -> Path:
    """Write a backup of the database and the media into the new folder ``out``: the folder
    0700, every file in it 0600, whatever the process's umask."""
    database = database or connection.settings_dict
    media_root = Path(media_root or settings.MEDIA_ROOT)
    out = Path(out)
    # A parent folder made here (backups/) is private too; one that exists is left alone.
    out.parent.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    # The folder is its owner's alone from the start (whatever the umask), so nobody else can
    # open a file in it during the moments before each file is made private too.
    out.mkdir(mode=PRIVATE_FOLDER, exist_ok=False)
    out.chmod(PRIVATE_FOLDER)
    if connection.vendor == "postgresql":
        dump = out / POSTGRES_DUMP
        subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [postgres_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={dump}"],
            env=postgres_env(database),
            check=True,
        )
    else:
        dump = out / SQLITE_COPY
        with sqlite3.connect(database["NAME"]) as source, sqlite3.connect(dump) as target:
            source.backup(target)
    media = out / MEDIA
    with tarfile.open(media, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname=".")
    manifest = {
        "made_at": timezone.now().isoformat(),
        "database": dump.name,
        "files": {path.name: _sha256(path) for path in (dump, media)},
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2))
    for path in (dump, media, out / MANIFEST):
        path.chmod(PRIVATE_FILE)
    return out


def backup_restore(*, source: Path, database: dict | None = None, media_root=None) -> dict:
    """Put a backup back: the database's contents are replaced by the backup's, and its
    files are unpacked into the media folder. Refused when a sum does not match."""
    database = database or connection.settings_dict
    media_root = Path(media_root or settings.MEDIA_ROOT)
    source = Path(source)
    manifest = json.loads((source / MANIFEST).read_text())
    for name, expected in manifest["files"].items():
        if _sha256(source / name) != expected:
            raise ServiceError(f"{name} does not match its checksum: the backup is damaged.")
    dump = source / manifest["database"]
    if dump.name == POSTGRES_DUMP:
        subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [
                postgres_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={database['NAME']}",
                str(dump),
            ],
            env=postgres_env(database),
            check=True,
        )
    else:
        with sqlite3.connect(dump) as backup, sqlite3.connect(database["NAME"]) as target:
            backup.backup(target)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA, "r:gz") as archive:
        archive.extractall(media_root, filter="data")
    # Whoever was erased after this backup was made is erased again (core.erasure_journal);
    # a restore into another database than the app's own is left for its own app to do.
    if database["NAME"] == connection.settings_dict["NAME"]:
        manifest["erasures_reapplied"] = erasures_reapply()
    return manifest


def backup_prune(*, parent: Path, now=None) -> list[Path]:
    """Delete the backups in ``parent`` older than their retention period (core.retention);
    folders that are not backups (no readable manifest) are left alone."""
    cutoff = (now or timezone.now()) - period("backups")
    removed = []
    for folder in sorted(Path(parent).iterdir()) if Path(parent).is_dir() else []:
        try:
            made_at = datetime.fromisoformat(json.loads((folder / MANIFEST).read_text())["made_at"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if made_at < cutoff:
            shutil.rmtree(folder)
            removed.append(folder)
    return removed
