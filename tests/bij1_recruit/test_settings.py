import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
# The test-suite variables that would make a subprocess look like a test run, not production.
TEST_ONLY_VARIABLES = {
    "DEBUG",
    "HTTPS",
    "TESTING",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process with production-like settings plus ``env``."""
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.django_db
def test_the_suite_runs_on_postgresql():
    assert connection.vendor == "postgresql"


@pytest.mark.django_db
def test_postgresql_connections_compile_no_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("p7!Vq2#xL9@mR4$wZ8^kN1&bT6*hY3(cJ5)fG0-sD2+aE7=uI9~oP4")

    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY_FILE=str(secret_file),
        ALLOWED_HOSTS="werving.example.org",
        CSRF_TRUSTED_ORIGINS="https://werving.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    def start(*args: str) -> subprocess.CompletedProcess:
        clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
        return subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env=clean,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )

    web = start("-c", "import bij1_recruit.wsgi")
    worker = start(
        "-m", "celery", "-A", "bij1_recruit", "worker", "--pool=solo", "--loglevel=ERROR"
    )

    for process in (web, worker):
        assert process.returncode != 0
        assert "SECRET_KEY (or SECRET_KEY_FILE) is required" in process.stderr
    # Commands that sign nothing still work, e.g. the migration check.
    assert manage("makemigrations", "--check", "--dry-run").returncode == 0


def test_security_headers_and_csp_nonce(client, db):
    response = client.get("/")

    policy = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"


def test_collectstatic_builds_the_production_manifest(tmp_path):
    result = manage(
        "collectstatic",
        "--noinput",
        "-v",
        "0",
        SECRET_KEY="collectstatic-only",
        STATIC_ROOT=str(tmp_path / "static"),
    )

    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert "vendor/bootstrap/css/bootstrap.min.css" in manifest
    assert "css/app.css" in manifest
    assert list((tmp_path / "static" / "vendor/bootstrap/css").glob("bootstrap.min.*.css.gz"))


@pytest.mark.django_db
def test_https_redirect_spares_only_the_health_check(settings, client):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/").status_code == 301
    assert client.get("/").url == "https://testserver/"
    assert client.get("/health/").status_code == 200
