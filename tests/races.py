"""Races on real PostgreSQL, made to happen every time instead of now and then.

``race(monkeypatch, "module.name", first, second, ...)`` runs each call in its own thread,
with its own database connection, all starting together. The function ``module.name`` (one
that the service under test calls after it has read what it decides on, and before its
transaction commits) is wrapped: a thread that has been through it waits there until every
other thread has come there too, has finished, or is waiting for a database lock.

So on code without the right lock every thread decides on the same old state before any of
them commits: the race happens every run. On code with the lock, the second thread waits for
the lock, the first goes on and commits, and the second decides on what the first wrote.
Nothing is timed: the waiting ends as soon as PostgreSQL shows a thread waiting for a lock
(``pg_locks``), and the deadline is only a guard against a hung run.

Tests using it need ``django_db(transaction=True, serialized_rollback=True)``: the threads
only see committed rows.
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, connections

from core.errors import ServiceError

DEADLINE_SECONDS = 60


@dataclass
class Outcome:
    value: object = None
    refused: str = ""  # the ServiceError's message: the clear answer for the one that lost
    error: str = ""  # anything else: what would be a server error

    @property
    def done(self) -> bool:
        return not self.refused and not self.error


class _Rendezvous:
    def __init__(self, parties: int):
        self.parties = parties
        self.condition = threading.Condition()
        self.arrived: set[int] = set()  # at the meeting point, or finished
        self.pids: dict[int, int] = {}  # thread -> its PostgreSQL backend
        self.local = threading.local()

    def join(self, index: int) -> None:
        self.local.index = index
        connection.ensure_connection()
        with self.condition:
            self.pids[index] = connection.connection.info.backend_pid

    def leave(self) -> None:
        with self.condition:
            self.arrived.add(self.local.index)
            self.condition.notify_all()

    def meet(self) -> None:
        index = getattr(self.local, "index", None)
        if index is None:  # a thread that is not racing (none should call it, but be safe)
            return
        with self.condition:
            self.arrived.add(index)
            self.condition.notify_all()
        deadline = time.monotonic() + DEADLINE_SECONDS
        while not self._others_settled(index):
            if time.monotonic() > deadline:
                raise AssertionError("the racing threads did not meet")
            time.sleep(0.005)

    def _others_settled(self, index: int) -> bool:
        with self.condition:
            others = [i for i in range(self.parties) if i not in self.arrived]
            pids = [self.pids.get(i) for i in others]
        if not others:
            return True
        if None in pids:
            return False
        with connection.cursor() as cursor:  # pg_locks is live, also inside a transaction
            cursor.execute(
                "SELECT count(DISTINCT pid) FROM pg_locks WHERE NOT granted AND pid = ANY(%s)",
                [pids],
            )
            (waiting,) = cursor.fetchone()
        return waiting == len(pids)


def race(monkeypatch, meet_after: str, *calls: Callable[[], object]) -> list[Outcome]:
    """Run ``calls`` at once, each in its own thread and connection, meeting after each call
    of ``meet_after`` ("package.module.function", patched where the service looks it up).
    Returns each call's outcome, in the order given."""
    module_path, name = meet_after.rsplit(".", 1)
    module = __import__(module_path, fromlist=[name])
    original = getattr(module, name)
    rendezvous = _Rendezvous(len(calls))

    def meeting_point(*args, **kwargs):
        result = original(*args, **kwargs)
        rendezvous.meet()
        return result

    monkeypatch.setattr(module, name, meeting_point)
    outcomes = [Outcome() for _ in calls]
    start = threading.Barrier(len(calls))

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            rendezvous.join(index)
            start.wait()
            outcomes[index].value = call()
        except ServiceError as exc:
            outcomes[index].refused = str(exc.message)
        except Exception as exc:  # a server error would be a failure of the test
            outcomes[index].error = repr(exc)
        finally:
            rendezvous.leave()
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(DEADLINE_SECONDS * 2)
    monkeypatch.setattr(module, name, original)
    return outcomes


def one_done_one_refused(outcomes: list[Outcome]) -> tuple[Outcome, Outcome]:
    """The two outcomes of a race that must have one winner and a clear refusal."""
    assert [o.error for o in outcomes if o.error] == [], outcomes
    done = [o for o in outcomes if o.done]
    refused = [o for o in outcomes if o.refused]
    assert len(done) == 1 and len(refused) == 1, outcomes
    return done[0], refused[0]
