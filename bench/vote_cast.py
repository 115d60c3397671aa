"""How fast can a hall full of members vote?

Starts gunicorn (sync workers, 2 per core) on PostgreSQL (a throwaway server from
scripts/with-test-services unless DATABASE_URL points at one), checks in N voters, opens a
secret yes/no/abstain poll and lets them all cast over HTTP from C concurrent clients. Prints
votes per second, p50/p95 latency and errors, then does the same number of requests to a
bare endpoint that only INSERTs one row (bench/_vote_wsgi.py) and prints the throughput
ratio. Ballots and voters must reconcile afterwards.
Usage: python bench/vote_cast.py [N] [C]   (defaults 2000 voters, 50 clients;
goals: ratio >= 0.5, p95 <= 150 ms, 0 errors)
"""

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

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

from datetime import date, timedelta  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.cached_db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from members.models import Member, User  # noqa: E402
from voting.models import Ballot, Meeting, Option, Poll, VoteRecord  # noqa: E402
from voting.services import poll_open, register_snapshot  # noqa: E402

CSRF = "c" * 32  # a CSRF secret of the right length; cookie and header must agree


def prepare(voters: int) -> tuple[Meeting, Poll, list[tuple[int, str]]]:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_bare_insert (id serial, note text)")
    users = User.objects.bulk_create(
        User(email=f"stemmer{i}@example.org", password="!") for i in range(voters)
    )
    Member.objects.bulk_create(
        Member(
            membership_number=f"B{i}",
            first_name="Lid",
            last_name=str(i),
            email=user.email,
            joined_on=date(2020, 1, 1),
            user=user,
        )
        for i, user in enumerate(users)
    )
    meeting = Meeting.objects.create(
        title="Bench-ALV",
        starts_at=timezone.now() + timedelta(hours=1),
        eligibility_cutoff=date(2026, 1, 1),
        dues_required=False,
    )
    register_snapshot(meeting=meeting, actor=None)
    meeting.voters.update(checked_in_at=timezone.now())
    poll = Poll.objects.create(meeting=meeting, title="Voorzitter", kind="yes_no_abstain")
    Option.objects.create(poll=poll, label="Amal")
    poll_open(poll=poll, actor=None)
    backend = settings.AUTHENTICATION_BACKENDS[0]
    sessions = []
    for voter in meeting.voters.select_related("user"):
        store = SessionStore()
        store[SESSION_KEY] = str(voter.user.pk)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = voter.user.get_session_auth_hash()
        store.save()
        sessions.append((voter.pk, store.session_key))
    return meeting, poll, sessions


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post(port: int, path: str, body: str, cookie: str) -> tuple[int, float, str]:
    """One request as the ballot screen's script sends it (and wants JSON back)."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(
        "POST",
        path,
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "X-CSRFToken": CSRF,
            "Accept": "application/json",
        },
    )
    response = conn.getresponse()
    text = response.read().decode(errors="replace")
    conn.close()
    return response.status, time.perf_counter() - started, text


def run(port: int, jobs: list, clients: int) -> tuple[float, list[float], int]:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(lambda job: job(port), jobs))
    wall = time.perf_counter() - started
    errors = sum(1 for ok, _seconds in results if not ok)
    return wall, [seconds for _ok, seconds in results], errors


def report(label: str, count: int, wall: float, latencies: list[float], errors: int) -> float:
    rate = count / wall
    ordered = sorted(latencies)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(
        f"{label}: {count} requests in {wall:.2f} s = {rate:,.0f}/s, "
        f"p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"errors {errors}"
    )
    return rate


def main() -> None:
    numbers = [int(a) for a in sys.argv[1:] if a.isdigit()]
    voters = numbers[0] if numbers else 2000
    clients = numbers[1] if len(numbers) > 1 else 50
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        measure(voters, clients)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def measure(voters: int, clients: int) -> None:
    meeting, poll, sessions = prepare(voters)
    option = poll.options.get()
    database_url = (
        os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    )
    port = free_port()
    workers = int(os.environ.get("BENCH_WORKERS", 2 * (os.cpu_count() or 1)))
    static_root = tempfile.mkdtemp(prefix="bench-static-")
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
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bench._vote_wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=server_env,
    )
    receipt = re.compile(r'"code": "[A-Z0-9]{5}-[A-Z0-9]{5}"')
    # What the ballot screen's script sends after the member confirmed (static/js/cast.js).
    path = f"/alv/{meeting.pk}/stemmen/{poll.pk}/uitbrengen/"

    def cast(voter_pk: int, session_key: str):
        cookie = f"{settings.SESSION_COOKIE_NAME}={session_key}; csrftoken={CSRF}"
        body = urlencode({"subject": voter_pk, f"v{voter_pk}-option_{option.pk}": "yes"})

        def job(port: int):
            status, seconds, text = post(port, path, body, cookie)
            return status == 200 and bool(receipt.search(text)), seconds

        return job

    def signed_in(_voter_pk: int, session_key: str):
        cookie = f"{settings.SESSION_COOKIE_NAME}={session_key}"

        def job(port: int):
            status, seconds, _text = post(port, "/bare-signed-in-insert/", "", cookie)
            return status == 200, seconds

        return job

    def bare(port: int):
        status, seconds, _text = post(port, "/bare-insert/", "", "")
        return status == 200, seconds

    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        run(port, [bare] * 50, clients)  # warm up every worker
        print(
            f"database: {connection.vendor}; gunicorn sync workers: {workers}; clients: {clients}"
        )
        wall, latencies, errors = run(port, [cast(*s) for s in sessions], clients)
        votes = report("cast ballots", voters, wall, latencies, errors)
        wall, latencies, bare_errors = run(port, [bare] * voters, clients)
        baseline = report("bare INSERT ", voters, wall, latencies, bare_errors)
        wall, latencies, signed_errors = run(port, [signed_in(*s) for s in sessions], clients)
        report("bare INSERT, signed in", voters, wall, latencies, signed_errors)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)
    ballots, records = Ballot.objects.count(), VoteRecord.objects.count()
    print(f"throughput ratio (ballots / bare): {votes / baseline:.2f} (goal >= 0.5)")
    verdict = "reconciled" if ballots == records else "MISMATCH"
    print(f"ballots {ballots}, voters who voted {records}: {verdict}")


if __name__ == "__main__":
    main()
