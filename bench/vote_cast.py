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

import re
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings
from django.db import connection

from bench._hall import (
    gunicorn,
    hall,
    in_test_database,
    numbers_from_argv,
    report,
    request,
    run,
    voter_cookie,
)
from voting.models import SealedBallot, VoteRecord

RECEIPT = re.compile(r'"code": "[A-Z0-9]{5}-[A-Z0-9]{5}"')


def main() -> None:
    voters, clients = numbers_from_argv(2000, 50)
    in_test_database(measure, voters, clients)


def measure(voters: int, clients: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_bare_insert (id serial, note text)")
    meeting, poll, sessions = hall(voters)
    option = poll.options.get()
    # What the ballot screen's script sends after the member confirmed (static/js/cast.js).
    path = f"/alv/{meeting.pk}/stemmen/{poll.pk}/uitbrengen/"

    def cast(voter_pk: int, session_key: str):
        body = urlencode({"subject": voter_pk, f"v{voter_pk}-option_{option.pk}": "yes"})

        def job(port: int):
            status, seconds, text = request(port, "POST", path, body, voter_cookie(session_key))
            return status == 200 and bool(RECEIPT.search(text)), seconds

        return job

    def signed_in(_voter_pk: int, session_key: str):
        cookie = f"{settings.SESSION_COOKIE_NAME}={session_key}"

        def job(port: int):
            status, seconds, _text = request(port, "POST", "/bare-signed-in-insert/", "", cookie)
            return status == 200, seconds

        return job

    def bare(port: int):
        status, seconds, _text = request(port, "POST", "/bare-insert/")
        return status == 200, seconds

    with gunicorn("bench._vote_wsgi:application") as (port, workers):
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
    ballots, records = SealedBallot.objects.count(), VoteRecord.objects.count()
    print(f"throughput ratio (ballots / bare): {votes / baseline:.2f} (goal >= 0.5)")
    verdict = "reconciled" if ballots == records else "MISMATCH"
    print(f"ballots {ballots}, voters who voted {records}: {verdict}")


if __name__ == "__main__":
    main()
