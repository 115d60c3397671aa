"""A hall full of members, for the voting benchmarks (vote_cast.py, alv_load.py): N
checked-in voters with real signed-in sessions, an open secret poll, gunicorn serving the
project on PostgreSQL, and clients that cast the way the ballot screen's script does.

Import this module first in a bench script: it re-runs the script inside throwaway
PostgreSQL and Redis servers (scripts/with-test-services) unless DATABASE_URL points at
PostgreSQL, and sets Django up."""

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    # PostgreSQL is the point: re-run inside throwaway PostgreSQL and Redis servers.
    os.execv(  # noqa: S606 - our own script, no shell
        str(ROOT / "scripts" / "with-test-services"),
        [str(ROOT / "scripts" / "with-test-services"), sys.executable, *sys.argv],
    )

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bij1_recruit.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-7d1e")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")

import http.client  # noqa: E402

import django  # noqa: E402

django.setup()


from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from harness.hall import checked_in_hall  # noqa: E402
from voting.models import Meeting, Poll  # noqa: E402

CSRF = "c" * 32  # a CSRF secret of the right length; cookie and header must agree


def numbers_from_argv(*defaults: int) -> list[int]:
    """The script's positional numbers, each falling back to its default."""
    given = [int(a) for a in sys.argv[1:] if a.isdigit()]
    return [given[i] if i < len(given) else default for i, default in enumerate(defaults)]


def in_test_database(measure, *args) -> None:
    """Run ``measure(*args)`` in a fresh test database on the server, dropped afterwards."""
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        measure(*args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def hall(voters: int) -> tuple[Meeting, Poll, list[tuple[int, str]]]:
    """An ALV with ``voters`` members checked in, an open secret yes/no/abstain poll, and
    for each voter their id and the key of a signed-in session."""
    meeting, poll, _option, sessions = checked_in_hall(voters, title="Bench-ALV", numbers="B")
    return meeting, poll, sessions


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(
    port: int, method: str, path: str, body: str = "", cookie: str = ""
) -> tuple[int, float, str]:
    """One request as the pages' scripts send it (they want JSON back): the status, the
    seconds it took and the body."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Accept": "application/json", "Cookie": cookie}
    if method == "POST":
        headers |= {"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": CSRF}
    conn.request(method, path, body=body or None, headers=headers)
    response = conn.getresponse()
    text = response.read().decode(errors="replace")
    conn.close()
    return response.status, time.perf_counter() - started, text


def voter_cookie(session_key: str) -> str:
    return f"{settings.SESSION_COOKIE_NAME}={session_key}; csrftoken={CSRF}"


def run(port: int, jobs: list, clients: int) -> tuple[float, list[float], int]:
    """Run every job (``job(port) -> (ok, seconds)``) from ``clients`` threads: the wall
    time, each job's seconds and the number that failed."""
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(lambda job: job(port), jobs))
    wall = time.perf_counter() - started
    errors = sum(1 for ok, _seconds in results if not ok)
    return wall, [seconds for _ok, seconds in results], errors


def percentile(latencies: list[float], fraction: float) -> float:
    ordered = sorted(latencies)
    return ordered[int(fraction * (len(ordered) - 1))]


def report(label: str, count: int, wall: float, latencies: list[float], errors: int) -> float:
    rate = count / wall
    print(
        f"{label}: {count} requests in {wall:.2f} s = {rate:,.0f}/s, "
        f"p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, errors {errors}"
    )
    return rate


def wait_until_listening(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not start listening on port {port}")


@contextmanager
def gunicorn(app: str = "bij1_recruit.wsgi:application"):
    """gunicorn (sync workers, 2 per core or BENCH_WORKERS) serving ``app`` on the test
    database with production settings and collected static files; yields (port, workers)."""
    database_url = (
        os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    )
    port = free_port()
    workers = int(os.environ.get("BENCH_WORKERS", 2 * (os.cpu_count() or 1)))
    with tempfile.TemporaryDirectory(prefix="bench-static-") as static_root:
        server_env = {
            **os.environ,
            "DEBUG": "0",
            "HTTPS": "0",
            "DATABASE_URL": database_url,
            "STATIC_ROOT": static_root,
        }
        subprocess.run(  # production serves collected, hashed static files
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=server_env,
            check=True,
        )
        command = [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", str(workers), "--log-level", "warning"]
        server = subprocess.Popen(command, cwd=ROOT, env=server_env)
        try:
            wait_until_listening(port)
            yield port, workers
        finally:
            server.terminate()
            server.wait(timeout=30)
