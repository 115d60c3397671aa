"""Faults while a hall votes: PostgreSQL restarts and gunicorn workers die under load.

N voters (default 2000) cast a secret ballot over HTTP from C clients (default 50), as the
ballot screen's script does, against gunicorn (2 sync workers per core, each importing the
app as in production) on a private PostgreSQL cluster and Redis (harness/hall.py;
nothing shared is touched). As the votes come in, the database restarts (fast and
immediate shutdowns) and workers are killed (SIGKILL), at set shares of the voters done. A
voter who gets no receipt presses again after a second or two, as a person would, until they
get one or are told their vote was cast already. Prints what voters saw at their first press
and at all presses, what each fault cost (answers that were errors, seconds until the next
receipt), then closes the poll and reconciles the published ballot list with what every
voter saw. Exits non-zero when anything does not reconcile or a voter got an unclear answer
(a bare error page instead of a "try again").
Usage: python bench/vote_faults.py [N] [C]
"""

import os
import random
import signal
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness.hall import (  # noqa: E402
    ALREADY,
    CLEAR_ERROR,
    KINDS,
    LOST,
    RECEIPT,
    UNCLEAR,
    Hall,
)

# (share of voters done, fault): restarts with either shutdown mode, and kills.
FAULTS = [
    (0.10, "restart", "fast"),
    (0.25, "kill", 1),
    (0.40, "restart", "immediate"),
    (0.55, "kill", 1),
    (0.65, "kill", 2),
    (0.75, "restart", "fast"),
    (0.85, "kill", 1),
]


def main() -> int:
    given = [int(a) for a in sys.argv[1:] if a.isdigit()]
    voters = given[0] if given else 2000
    clients = given[1] if len(given) > 1 else 50
    workers = int(os.environ.get("BENCH_WORKERS", 2 * (os.cpu_count() or 1)))
    started = time.perf_counter()
    with Hall(voters, workers=workers) as hall:
        print(
            f"hall ready in {time.perf_counter() - started:.1f} s: {voters} voters, "
            f"{clients} clients, {workers} gunicorn sync workers, private PostgreSQL + Redis"
        )
        fired = vote_under_fire(hall, clients)
        twice = hall.voters[: max(1, len(hall.voters) // 100)]
        hall.crowd(twice, clients).join()  # a few press again after their receipt
        refused = sum(1 for voter in twice if hall.last(voter) == ALREADY)
        print(f"{len(twice)} voters pressed again after their receipt: {refused} refused")
        return report(hall, fired, double_votes=len(twice) - refused)


def vote_under_fire(hall: Hall, clients: int) -> list[tuple[str, float, float]]:
    """Let the hall vote and fire the faults; (fault, started, took) for each."""
    done = threading.Event()
    fired = []

    def resolved() -> int:
        return sum(1 for voter in hall.voters if hall.last(voter) in (RECEIPT, ALREADY))

    def fire() -> None:
        for share, action, how in FAULTS:
            while resolved() < share * len(hall.voters):
                if done.wait(0.02):
                    return
            began = time.monotonic()
            if action == "restart":
                hall.restart_database(how)
                fault = f"restart -m {how}"
            else:
                alive = hall.workers()
                for pid in random.sample(alive, min(how, len(alive))):
                    os.kill(pid, signal.SIGKILL)
                fault = f"kill {how} worker" + ("s" if how > 1 else "")
            fired.append((fault, began, time.monotonic() - began))

    began = time.perf_counter()
    firing = threading.Thread(target=fire)
    firing.start()
    hall.crowd(hall.voters, clients, retry=True).join()
    done.set()
    firing.join()
    wall = time.perf_counter() - began
    print(f"all {len(hall.voters)} voters done in {wall:.1f} s ({len(hall.voters) / wall:.0f}/s)")
    return fired


def report(hall: Hall, fired: list[tuple[str, float, float]], *, double_votes: int) -> int:
    answers = sorted(
        (answer for per_voter in hall.answers.values() for answer in per_voter),
        key=lambda answer: answer.at,
    )
    # Each answer that was not a receipt is put down to the last fault before it.
    blamed = [[] for _ in fired]
    for answer in answers:
        before = [n for n, (_fault, began, _took) in enumerate(fired) if began <= answer.at]
        if answer.kind != RECEIPT and before:
            blamed[before[-1]].append(answer.kind)
    for (fault, began, took), kinds in zip(fired, blamed, strict=True):
        recovered = next((a.at for a in answers if a.at > began + took and a.kind == RECEIPT), 0)
        print(
            f"  {fault:<20} took {took:4.2f} s, next receipt {recovered - began:5.2f} s after "
            f"it began; then {kinds.count(CLEAR_ERROR)} clear errors, {kinds.count(LOST)} "
            f"lost connections, {kinds.count(UNCLEAR)} unclear"
        )
    first = hall.outcome_counts(first_only=True)
    every = hall.outcome_counts()
    print("first press: " + ", ".join(f"{kind} {first[kind]}" for kind in KINDS))
    print(
        "every press: "
        + ", ".join(f"{kind} {every[kind]}" for kind in KINDS)
        + f" ({sum(every.values())} presses; {every[CLEAR_ERROR] + every[LOST]} were "
        "followed by pressing again)"
    )
    result = hall.reconcile()
    print(
        f"ballots {result.ballots}, voters who voted {result.records}, voters told they "
        f"voted {result.voted} of {len(hall.voters)}; counted though the voter saw an error "
        f"(told 'already cast' on pressing again) {result.ambiguous}"
    )
    unclear = [a for a in answers if a.kind == UNCLEAR]
    for answer in unclear[:5]:
        print(f"  unclear answer: {answer.detail[:200]!r}")
    if double_votes:
        result.problems.append(f"{double_votes} second presses were not refused")
    if result.problems or unclear:
        for problem in result.problems:
            print(f"PROBLEM: {problem}")
        print("NOT RECONCILED" if result.problems else "reconciled, but some answers unclear")
        return 1
    print("reconciled: every receipt counted, every other voter told to try again and voted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
