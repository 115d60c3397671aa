"""A full ALV under load: N checked-in members cast a secret ballot as fast as they can while
the projector page polls the live count, as static/js/live-count.js does (every 2 s).

First every member opens the ballot page and checks their choice (the confirmation step, a
POST that stores nothing); then the whole hall presses "cast" as fast as it can, through the
lean endpoint the ballot screen's script posts to (JSON receipt): the goal is about this
second phase. Against gunicorn (2 sync workers per core, or BENCH_WORKERS) on PostgreSQL,
with production settings, from C concurrent clients. Prints, for each phase, the time it
took, throughput, p50/p95 and errors (for the cast: the time to the last ballot), the
projector's latencies and last count, and the reconciliation: ballots, voters who voted, the
live count and the closed poll's result must all say N.
Usage: python bench/alv_load.py [N] [C]   (defaults 2000 members, 50 clients;
goal on a 2-core machine: all 2,000 within 10 s, 0 errors, reconciled, p95 <= 150 ms)
"""

import json
import re
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.db import connection

from bench._hall import (
    gunicorn,
    hall,
    in_test_database,
    numbers_from_argv,
    percentile,
    report,
    request,
    run,
    voter_cookie,
)
from voting.models import SealedBallot, VoteRecord
from voting.services import poll_close

RECEIPT = re.compile(r'"code": "[A-Z0-9]{5}-[A-Z0-9]{5}"')
PROJECTOR_INTERVAL = 2.0  # seconds, as static/js/live-count.js


class Projector(threading.Thread):
    """The projector page's live count, polled until told to stop."""

    def __init__(self, port: int, path: str):
        super().__init__(daemon=True)
        self.port, self.path = port, path
        self.latencies: list[float] = []
        self.errors = 0
        self.last_voted = 0
        self.stopping = threading.Event()

    def poll_once(self) -> None:
        status, seconds, text = request(self.port, "GET", self.path)
        self.latencies.append(seconds)
        if status != 200:
            self.errors += 1
            return
        self.last_voted = json.loads(text)["voted"]

    def run(self) -> None:
        while not self.stopping.is_set():
            self.poll_once()
            self.stopping.wait(PROJECTOR_INTERVAL)


def main() -> None:
    members, clients = numbers_from_argv(2000, 50)
    in_test_database(measure, members, clients)


def measure(members: int, clients: int) -> None:
    meeting, poll, sessions = hall(members)
    option = poll.options.get()
    ballot_page = f"/alv/{meeting.pk}/stemmen/{poll.pk}/"
    cast_path = f"{ballot_page}uitbrengen/"
    page_latencies: list[float] = []

    def ballot_filled_in(voter_pk: int, session_key: str) -> tuple[str, str]:
        choice = ("yes", "no", "abstain")[voter_pk % 3]
        body = urlencode({"subject": voter_pk, f"v{voter_pk}-option_{option.pk}": choice})
        return body, voter_cookie(session_key)

    def open_and_confirm(body: str, cookie: str):
        """The ballot page, then its check step: the confirmation with the cast button."""

        def job(port: int):
            status, seconds, _text = request(port, "GET", ballot_page, cookie=cookie)
            page_latencies.append(seconds)
            if status != 200:
                return False, seconds
            status, seconds, text = request(port, "POST", ballot_page, body, cookie)
            return status == 200 and cast_path in text, seconds

        return job

    def cast(body: str, cookie: str):
        def job(port: int):
            status, seconds, text = request(port, "POST", cast_path, body, cookie)
            return status == 200 and bool(RECEIPT.search(text)), seconds

        return job

    ballots = [ballot_filled_in(*s) for s in sessions]
    with gunicorn() as (port, workers):
        run(port, [lambda port: (request(port, "GET", "/health/")[0] == 200, 0.0)] * 50, clients)
        print(f"database: {connection.vendor}; gunicorn sync workers: {workers}; ", end="")
        print(f"clients: {clients}; projector polls every {PROJECTOR_INTERVAL:.0f} s")
        projector = Projector(port, f"/alv/{meeting.pk}/telling/{poll.pk}/")
        projector.start()
        wall_open, confirm_latencies, open_errors = run(
            port, [open_and_confirm(*b) for b in ballots], clients
        )
        wall, latencies, errors = run(port, [cast(*b) for b in ballots], clients)
        projector.stopping.set()
        projector.join()
        projector.poll_once()  # what the projector shows once the hall is done
    print(f"1. every member opens the ballot page and checks their choice ({wall_open:.2f} s):")
    print(f"   ballot page p95 {percentile(page_latencies, 0.95) * 1000:.0f} ms; ", end="")
    report("confirmation", members, wall_open, confirm_latencies, open_errors)
    print("2. the hall presses 'cast' as fast as it can:")
    report("   cast ballots", members, wall, latencies, errors)
    print(f"   time to the last ballot: {wall:.2f} s (goal: within 10 s, p95 <= 150 ms)")
    print(
        f"projector: {len(projector.latencies)} polls, "
        f"p95 {percentile(projector.latencies, 0.95) * 1000:.0f} ms, "
        f"errors {projector.errors}, shows {projector.last_voted} voted"
    )
    reconcile(poll, members, projector.last_voted)


def reconcile(poll, members: int, projected: int) -> None:
    ballots, records = SealedBallot.objects.count(), VoteRecord.objects.count()
    started = time.perf_counter()
    closed = poll_close(poll=poll, actor=None)  # refuses when ballots and voters differ
    print(
        f"closing (opening the sealed ballots and counting): {time.perf_counter() - started:.2f} s"
    )
    counted = closed.result["ballots"]
    figures = {ballots, records, projected, counted}
    verdict = "reconciled" if figures == {members} else "MISMATCH"
    print(
        f"members {members}, ballots {ballots}, voters who voted {records}, "
        f"live count {projected}, counted at closing {counted}: {verdict}"
    )
    if verdict != "reconciled":
        sys.exit(1)


if __name__ == "__main__":
    main()
