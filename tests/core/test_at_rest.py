"""At rest (issue #29, item 10): backups and the embedded database are readable by their owner
only, and the production access log keeps no query strings (search pages put names in them)."""

import json
import os
import runpy
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.db import connection

from core.backup import backup_make
from tests.factories import ApplicationFactory

REPO = Path(django_settings.BASE_DIR)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask():
    """The umask most systems start processes with: new files 0644, new folders 0755."""
    before = os.umask(0o022)
    yield
    os.umask(before)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_folder_and_every_file_in_it_are_the_owner_s_alone(
    settings, tmp_path, usual_umask
):
    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL (make test starts it)")
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "brief.pdf").write_bytes(b"%PDF-1.7 hi")
    ApplicationFactory(first_name="Amal")

    backup = backup_make(out=tmp_path / "backups" / "20260101-0300")

    assert mode(tmp_path / "backups") == 0o700  # made by the backup: private too
    assert mode(backup) == 0o700
    files = sorted(backup.iterdir())
    assert [f.name for f in files] == ["database.dump", "manifest.json", "media.tar.gz"]
    assert {f.name: mode(f) for f in files} == dict.fromkeys((f.name for f in files), 0o600)


def _embedded_python(var_dir: Path, code: str) -> dict:
    """Run ``code`` in a fresh process in the embedded mode (SQLite under ``var_dir``) with
    the usual umask; it prints a JSON object."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "MEDIA_ROOT")
    }
    env.update(DEBUG="1", VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="bij1_recruit.settings")
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        umask=0o022,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


OPEN_AND_WRITE = """
import json, os, stat, django
django.setup()
from django.conf import settings
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS t (x integer)")
    cursor.execute("INSERT INTO t VALUES (1)")
name = settings.DATABASES["default"]["NAME"]
paths = {"folder": os.path.dirname(name), "db": name, "wal": name + "-wal"}
print(json.dumps({k: stat.S_IMODE(os.stat(p).st_mode) for k, p in paths.items()
                  if os.path.exists(p)}))
"""


def test_the_embedded_database_is_made_readable_by_its_owner_only(tmp_path):
    modes = _embedded_python(tmp_path / "var", OPEN_AND_WRITE)

    assert modes == {"folder": 0o700, "db": 0o600, "wal": 0o600}


def test_an_embedded_database_from_before_is_narrowed_on_the_next_start(tmp_path):
    var = tmp_path / "var"
    _embedded_python(var, OPEN_AND_WRITE)
    var.chmod(0o755)
    (var / "db.sqlite3").chmod(0o644)

    modes = _embedded_python(var, OPEN_AND_WRITE)

    assert modes == {"folder": 0o700, "db": 0o600, "wal": 0o600}


# --- the access log ---------------------------------------------------------------------------


def test_gunicorn_reads_the_repository_s_config_file_from_its_working_folder():
    from gunicorn.config import Config

    assert Config().settings["config"].default == "./gunicorn.conf.py"
    assert (REPO / "gunicorn.conf.py").exists()
    for launcher in ("Dockerfile", "docker-compose.yml"):
        text = (REPO / launcher).read_text()
        assert "gunicorn" in text
        # Nothing on the command line overrides the file's format or points elsewhere.
        assert "access-logformat" not in text and "--config" not in text


def test_the_access_log_keeps_the_path_but_no_query_string_or_referrer(tmp_path):
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    config = Config()
    for key, value in runpy.run_path(str(REPO / "gunicorn.conf.py")).items():
        if key in config.settings:
            config.set(key, value)
    log_file = tmp_path / "access.log"
    config.set("accesslog", str(log_file))
    logger = Logger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/staff/alv/1/inchecken/?q=Fatima+El+Amrani",
        "PATH_INFO": "/staff/alv/1/inchecken/",
        "QUERY_STRING": "q=Fatima+El+Amrani",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "https://werving.example.org/staff/transcripten/?q=mijn+diagnose",
        "HTTP_USER_AGENT": "Firefox",
    }
    response = SimpleNamespace(status="200 OK", headers=[], sent=512)
    request = SimpleNamespace(headers=[])

    logger.access(response, request, environ, timedelta(milliseconds=12))
    for handler in logger.access_log.handlers:
        handler.flush()

    line = log_file.read_text()
    assert '"GET /staff/alv/1/inchecken/ HTTP/1.1" 200 512' in line
    assert "Fatima" not in line and "?" not in line and "diagnose" not in line
