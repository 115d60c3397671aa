"""A polling station to break things in, shared by tests/hardening/test_vote_faults.py and
bench/vote_faults.py.

``Hall`` starts its own throwaway PostgreSQL cluster and Redis server (so they can be
restarted without disturbing any other test), loads the schema, checks in voters with real
sessions, opens a secret poll and serves the app with gunicorn (sync workers, as in
production). Voters cast over HTTP as the ballot screen's script does (static/js/cast.js),
and every answer is kept, per voter, as what the voter saw: a receipt, a clear error that
asks them to try again, a clear "this vote has been cast already", a lost connection, or
something unclear (a bare error page). ``reconcile`` closes the poll and checks the list of
counted ballots against what the voters saw. The faults: ``restart_database``,
``kill_worker``, ``poll_held`` (casts then wait inside PostgreSQL, so a fault meets them
mid-request) and ``Link`` (a vote committed whose reply is lost).

The Django side runs in one subprocess against the private database (``python -m
harness.hall``, a command a line on stdin): the caller needs no Django and never
touches the test suite's own database.
"""

import contextlib
import glob
import heapq
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
CSRF = "c" * 32  # a CSRF secret of the right length; cookie and header must agree
RECEIPT_CODE = re.compile(r"^[A-Z0-9]{5}-[A-Z0-9]{5}$")

# What a voter saw after pressing "cast".
RECEIPT = "receipt"  # 200 with their receipt code
ALREADY = "already"  # 409: "this vote has been cast already"
CLEAR_ERROR = "clear error"  # 503 with the translated "not recorded, try again"
LOST = "connection lost"  # no answer at all (the script shows its own "try again")
UNCLEAR = "unclear"  # anything else: a bare 500 page, a traceback, an unexpected answer
KINDS = (RECEIPT, ALREADY, CLEAR_ERROR, LOST, UNCLEAR)
AGENT_ANSWER = "HALL "


@dataclass(frozen=True)
class Answer:
    kind: str
    receipt: str = ""
    detail: str = ""
    at: float = field(default_factory=time.monotonic)


@dataclass
class Reconciliation:
    ballots: int
    records: int
    voted: int  # voters who saw a receipt or were told "already cast"
    unseen_ballots: int  # counted ballots whose receipt no voter saw
    ambiguous: int  # voters told "already cast" who never saw their receipt
    problems: list[str] = field(default_factory=list)


def pg_bin() -> Path:
    """The newest installed PostgreSQL's programs, found as scripts/with-test-services does."""
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not found:
        raise RuntimeError("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb)")
    return Path(max(found, key=lambda path: int(Path(path).parts[4]))).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, timeout: float, what: str, *, alive=None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if alive is not None and alive.poll() is not None:
            raise RuntimeError(f"{alive.args[:3]} ended while waiting for {what}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        time.sleep(0.02)


class Postgres:
    """A private cluster in ``workdir``: restart it at will. Durable commits as in production
    (synchronous_commit on, so an immediate shutdown loses nothing that was acknowledged);
    only fsync is off, since the machine itself does not crash here."""

    def __init__(self, workdir: Path):
        self.bin = pg_bin()
        self.data, self.socket_dir = workdir / "pg", workdir / "socket"
        self.data.mkdir()
        self.socket_dir.mkdir()
        self.port = free_port()
        # initdb refuses to run as root: as root, the cluster belongs to Debian's postgres user.
        self.as_postgres = []
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres", "postgres")
            shutil.chown(self.socket_dir, "postgres", "postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self._run(
            "initdb", f"-D {self.data} -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync"
        )
        self.options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c max_connections=100 -c shared_buffers=32MB"
        )
        self.ctl("start")

    def _run(self, program: str, args: str, *more: str) -> None:
        subprocess.run(
            [*self.as_postgres, str(self.bin / program), *args.split(), *more],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def ctl(self, action: str, mode: str = "fast") -> None:
        log = self.data / "server.log"
        self._run(
            "pg_ctl", f"-D {self.data} -l {log} -w -t 60 -m {mode}", "-o", self.options, action
        )

    def url(self, database: str = "bij1_recruit") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.ctl("stop", mode="immediate")


class Link:
    """A TCP relay between the app and PostgreSQL that can lose the answer to a commit on
    request: it passes the next COMMIT on, then cuts the connection before PostgreSQL's
    reply gets back. The vote is counted, but the voter hears nothing of it: the one fault
    that leaves the app unsure (a network failure at exactly the wrong moment)."""

    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=128)
        self.port = self.listener.getsockname()[1]
        self._armed = False
        self._arming = threading.Lock()
        self.cuts = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def lose_next_commit_reply(self) -> None:
        with self._arming:
            self._armed = True

    def close(self) -> None:
        self.listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    def _relay(self, client: socket.socket) -> None:
        try:
            server = socket.create_connection(("127.0.0.1", self.upstream_port))
        except OSError:
            client.close()
            return
        doomed = threading.Event()

        def pump(source: socket.socket, sink: socket.socket, *, upstream: bool) -> None:
            with contextlib.suppress(OSError):
                while data := source.recv(65536):
                    if upstream and b"COMMIT\x00" in data:
                        with self._arming:
                            if self._armed:
                                self._armed = False
                                doomed.set()
                    elif not upstream and doomed.is_set():
                        self.cuts += 1  # PostgreSQL has answered, so it has committed
                        break
                    sink.sendall(data)
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

        threading.Thread(
            target=pump, args=(client, server), kwargs={"upstream": True}, daemon=True
        ).start()
        pump(server, client, upstream=False)


def load_schema(target: Postgres, source_url: str | None) -> None:
    """An empty database with the project's tables: copied from ``source_url`` (an
    already-migrated database, such as the test suite's; well under a second) or, without
    one, by running the migrations (about 13 s)."""
    psql = [str(target.bin / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1"]
    subprocess.run(
        [*psql, "-d", target.url("postgres"), "-c", "CREATE DATABASE bij1_recruit"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    if source_url is None:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0", "--skip-checks"],
            cwd=ROOT,
            env={**django_env(), "DATABASE_URL": target.url()},
            check=True,
        )
        return
    tables = ["django_migrations", "django_content_type", "auth_permission", "auth_group"]
    for dump in (["--schema-only"], ["--data-only", *(f"--table={t}" for t in tables)]):
        dumped = subprocess.run(
            [str(target.bin / "pg_dump"), "--no-owner", "--no-privileges", *dump, source_url],
            capture_output=True,
        )
        if dumped.returncode:
            raise RuntimeError(f"pg_dump {source_url} failed: {dumped.stderr.decode()}")
        loaded = subprocess.run(
            [*psql, "-d", target.url()], input=dumped.stdout, capture_output=True
        )
        if loaded.returncode:
            raise RuntimeError(f"loading the schema failed: {loaded.stderr.decode()}")


def django_env(**extra: str) -> dict[str, str]:
    """The environment of the app's processes: production settings on plain HTTP."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bij1_recruit.settings",
        "DEBUG": "0",
        "HTTPS": "0",
        "TESTING": "1",  # plain static file storage: no collectstatic needed
        "SECRET_KEY": os.environ.get("SECRET_KEY", "hall-only-secret-key-not-for-production-93b1"),
        "ALLOWED_HOSTS": "127.0.0.1",
        **extra,
    }


class Hall:
    """Use as a context manager: everything it started is stopped and removed on exit."""

    def __init__(
        self,
        voters: int,
        *,
        workers: int = 2,
        schema_from: str | None = None,
        preload: bool = False,
        link: bool = False,
    ):
        """``preload`` has gunicorn import the app once and fork its workers from it (a new
        worker after a kill is then ready at once), where production imports it in each
        worker: it saves seconds of CPU per worker, and the app opens no connection at
        import, so the faults play out the same. ``link`` puts a ``Link`` between the app and
        the database."""
        self.voter_count, self.worker_count = voters, workers
        self.schema_from, self.preload, self.with_link = schema_from, preload, link
        self.link: Link | None = None
        self.answers: dict[int, list[Answer]] = defaultdict(list)
        self._journal = threading.Lock()
        self.server: subprocess.Popen | None = None
        self.redis: subprocess.Popen | None = None
        self.agent: subprocess.Popen | None = None
        self.db: Postgres | None = None

    # --- setting up --------------------------------------------------------------------------

    def __enter__(self) -> "Hall":
        self.workdir = Path(tempfile.mkdtemp(prefix="vote-faults-"))
        self.workdir.chmod(0o755)
        try:
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _start(self) -> None:
        (self.workdir / "static").mkdir()
        self.db = Postgres(self.workdir)
        self.redis_port = free_port()
        redis_options = (
            f"--port {self.redis_port} --bind 127.0.0.1 --appendonly no --dir {self.workdir}"
        )
        self.redis = subprocess.Popen(
            ["redis-server", *redis_options.split(), "--save", ""], stdout=subprocess.DEVNULL
        )
        load_schema(self.db, self.schema_from)
        self.env = django_env(
            DATABASE_URL=self.db.url(),
            REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            STATIC_ROOT=str(self.workdir / "static"),
        )
        facts = self._agent("prepare", str(self.voter_count))
        self.meeting_id, self.poll_id = facts["meeting"], facts["poll"]
        self.option_id = facts["option"]
        self.voters: list[tuple[int, str]] = [tuple(v) for v in facts["voters"]]
        self.texts, self.lock_space = facts["texts"], facts["lock_space"]
        self.path = f"/alv/{self.meeting_id}/stemmen/{self.poll_id}/uitbrengen/"
        if self.with_link:
            self.link = Link(self.db.port)
            app_database = self.db.url().replace(f":{self.db.port}/", f":{self.link.port}/")
        else:
            app_database = self.db.url()
        self.port = free_port()
        self._server_log = (self.workdir / "server.log").open("ab")
        self.server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "bij1_recruit.wsgi:application"]
            + f"--bind 127.0.0.1:{self.port} --workers {self.worker_count}".split()
            + ["--timeout", "60", "--log-level", "error"]
            + (["--preload"] if self.preload else []),
            cwd=ROOT,
            env={**self.env, "DATABASE_URL": app_database},
            stderr=self._server_log,
        )
        wait_until(self._healthy, 300, "the app to answer", alive=self.server)

    def _agent(self, command: str, number: str) -> dict:
        """Ask the Django side (one process for the hall's life: Django takes seconds to
        start)."""
        if self.agent is None:
            self.agent = subprocess.Popen(
                [sys.executable, "-m", "harness.hall"],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        self.agent.stdin.write(f"{command} {number}\n")
        self.agent.stdin.flush()
        for line in self.agent.stdout:
            if line.startswith(AGENT_ANSWER):
                return json.loads(line.removeprefix(AGENT_ANSWER))
        raise RuntimeError(f"the hall's Django side ended without answering {command}")

    def server_log(self) -> str:
        """What gunicorn and Django logged (errors, and each outage a voter met)."""
        return (self.workdir / "server.log").read_text(errors="replace")

    def _healthy(self) -> bool:
        try:
            status, _text = self._request("GET", "/health/", "", {})
        except (OSError, http.client.HTTPException):
            return False
        return status == 200

    def __exit__(self, *_exc) -> None:
        if self.agent is not None:
            self.agent.stdin.close()
            self.agent.wait(timeout=30)
        if self.server is not None:
            # Throwaway: no graceful shutdown (gunicorn's takes seconds of interpreter exits).
            for pid in self.workers():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            self.server.kill()
            self.server.wait()
            self._server_log.close()
        if self.link is not None:
            self.link.close()
        if self.redis is not None:
            self.redis.terminate()
            self.redis.wait(timeout=30)
        if self.db is not None:
            self.db.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    # --- voting ------------------------------------------------------------------------------

    def _request(self, method: str, path: str, body: str, headers: dict) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, response.read().decode(errors="replace")
        finally:
            conn.close()

    def _yes_vote(self, voter: tuple[int, str], accept: str) -> tuple[str, dict]:
        """The confirmed ballot's form (a yes vote) and the voter's session, CSRF included."""
        voter_pk, session_key = voter
        body = urlencode({"subject": voter_pk, f"v{voter_pk}-option_{self.option_id}": "yes"})
        return body, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"sessionid={session_key}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "Accept": accept,
        }

    def page(self, voter: tuple[int, str], method: str = "GET", *, cast: bool = False):
        """(status, HTML) of the ballot page, or of casting without the script (the form's
        plain POST, which gets a page back)."""
        body, headers = self._yes_vote(voter, "text/html")
        path = self.path if cast else self.path.removesuffix("uitbrengen/")
        return self._request(method, path, body if method == "POST" else None, headers)

    def cast(self, voter: tuple[int, str]) -> Answer:
        """One press of "cast" by this voter, as the ballot screen's script sends it (and
        wants JSON back); the answer is kept in ``answers`` and returned."""
        body, headers = self._yes_vote(voter, "application/json")
        voter_pk = voter[0]
        try:
            status, text = self._request("POST", self.path, body, headers)
        except (OSError, http.client.HTTPException) as exc:
            answer = Answer(LOST, detail=type(exc).__name__)
        else:
            answer = self._understood(status, text)
        with self._journal:
            self.answers[voter_pk].append(answer)
        return answer

    def _understood(self, status: int, text: str) -> Answer:
        try:
            data = json.loads(text)
        except ValueError:
            return Answer(UNCLEAR, detail=f"{status} {text[:300]}")
        if status == 200 and not data.get("problems") and len(data.get("receipts", [])) == 1:
            code = data["receipts"][0]["code"]
            if RECEIPT_CODE.match(code):
                return Answer(RECEIPT, receipt=code)
        problems = [p.get("message") for p in data.get("problems", [])]
        if status == 409 and problems == [self.texts["already"]] and not data.get("receipts"):
            return Answer(ALREADY)
        if status == 503 and data == {"error": self.texts["outage"]}:
            return Answer(CLEAR_ERROR)
        return Answer(UNCLEAR, detail=f"{status} {text[:300]}")

    def last(self, voter: tuple[int, str]) -> str | None:
        """The kind of the last answer this voter got (None: none yet)."""
        with self._journal:
            answers = self.answers.get(voter[0])
            return answers[-1].kind if answers else None

    def crowd(self, voters, clients: int, *, retry: bool = False):
        """Cast for ``voters`` from ``clients`` threads; returns at once, with a handle whose
        ``join()`` waits for the end. With ``retry`` a voter whose cast failed presses again
        (after a second or two, as a person would) until they have a receipt or are told
        their vote was cast already."""
        return Crowd(self, list(voters), clients, retry=retry)

    # --- faults ------------------------------------------------------------------------------

    def workers(self) -> list[int]:
        """The pids of gunicorn's workers (the children of its master)."""
        try:
            children = Path(f"/proc/{self.server.pid}/task/{self.server.pid}/children")
            return [int(pid) for pid in children.read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            return []

    def kill_worker(self) -> int:
        pid = random.choice(self.workers())
        os.kill(pid, signal.SIGKILL)
        return pid

    def restart_database(self, mode: str = "fast") -> None:
        self.db.ctl("restart", mode=mode)

    def _sql(self, statement: str, params=()):
        import psycopg

        with psycopg.connect(self.db.url(), autocommit=True) as conn:
            return conn.execute(statement, params).fetchall()

    def waiting_casts(self) -> int:
        """Casts waiting for the poll's lock inside PostgreSQL (see ``poll_held``)."""
        return self._sql(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        )[0][0]

    @contextlib.contextmanager
    def poll_held(self):
        """Hold the poll's lock as closing it does (voting.casting.lock_poll): casts that
        come in meanwhile wait inside PostgreSQL, mid-request, until it is let go (or the
        server goes away under them)."""
        import psycopg

        conn = psycopg.connect(self.db.url())
        conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", [self.lock_space, self.poll_id])
        try:
            yield
        finally:
            with contextlib.suppress(psycopg.Error):
                conn.rollback()
            with contextlib.suppress(psycopg.Error):
                conn.close()

    # --- the count ---------------------------------------------------------------------------

    def outcome_counts(self, *, first_only: bool = False) -> Counter:
        return Counter(
            answer.kind
            for answers in self.answers.values()
            for answer in (answers[:1] if first_only else answers)
        )

    def reconcile(self) -> Reconciliation:
        """Close the poll (which itself refuses when ballots and voters differ) and check the
        published ballot list against what each voter saw."""
        count = self._agent("reconcile", str(self.poll_id))
        receipts, recorded = count["receipts"], count["voters"]
        problems = [count["close_problem"]] if count["close_problem"] else []
        seen, shown = {}, 0
        for voter_pk, answers in self.answers.items():
            codes = [a.receipt for a in answers if a.kind == RECEIPT]
            if len(codes) > 1:
                problems.append(f"voter {voter_pk} got {len(codes)} receipts")
            seen.update(dict.fromkeys(codes, voter_pk))
            shown += len(codes)
        if len(seen) != shown:
            problems.append("one receipt code was shown for two votes")
        listed, recorded_set = set(receipts), set(recorded)
        if len(listed) != len(receipts):
            problems.append("a receipt code appears twice in the ballot list")
        if len(recorded_set) != len(recorded):
            problems.append("a voter appears twice among those who voted")
        for code, voter_pk in seen.items():
            if code not in listed:
                problems.append(f"voter {voter_pk} saw receipt {code}, which was not counted")
            if voter_pk not in recorded_set:
                problems.append(f"voter {voter_pk} saw a receipt but is not recorded as voted")
        kinds = {pk: {a.kind for a in answers} for pk, answers in self.answers.items()}
        voted = {pk for pk, seen_kinds in kinds.items() if seen_kinds & {RECEIPT, ALREADY}}
        unresolved = sorted(set(kinds) - voted)
        if unresolved:
            problems.append(f"{len(unresolved)} voters never got a receipt or 'already cast'")
        if recorded_set != voted:
            problems.append(
                f"recorded as voted but never told so: {sorted(recorded_set - voted)[:10]}; "
                f"told so but not recorded: {sorted(voted - recorded_set)[:10]}"
            )
        if count["ballots"] != count["records"]:
            problems.append(f"ballots {count['ballots']} != voters who voted {count['records']}")
        ambiguous = sum(
            1 for seen_kinds in kinds.values() if seen_kinds & {RECEIPT, ALREADY} == {ALREADY}
        )
        unseen = len(listed - set(seen))
        if unseen != ambiguous:
            problems.append(
                f"{unseen} counted ballots nobody saw a receipt of, but {ambiguous} voters "
                "were told 'already cast' without one"
            )
        return Reconciliation(
            ballots=count["ballots"],
            records=count["records"],
            voted=len(voted),
            unseen_ballots=unseen,
            ambiguous=ambiguous,
            problems=problems,
        )


class Crowd:
    """Voters pressing "cast", from a number of client threads (see ``Hall.crowd``)."""

    def __init__(self, hall: Hall, voters: list, clients: int, *, retry: bool):
        self.hall, self.retry = hall, retry
        self.queue = [(0.0, order, voter) for order, voter in enumerate(voters)]  # a heap
        self.order, self.pending = len(voters), len(voters)
        self.condition = threading.Condition()
        self.pool = ThreadPoolExecutor(max_workers=clients)
        self.futures = [self.pool.submit(self._client) for _ in range(clients)]

    def _next(self):
        """The next voter whose turn it is; None when every voter is done."""
        with self.condition:
            while self.pending:
                wait = self.queue[0][0] - time.monotonic() if self.queue else 0.05
                if wait <= 0:
                    return heapq.heappop(self.queue)[2]
                self.condition.wait(timeout=wait)
            return None

    def _client(self) -> None:
        while (voter := self._next()) is not None:
            answer = self.hall.cast(voter)
            with self.condition:
                if self.retry and answer.kind in (CLEAR_ERROR, LOST):
                    again = time.monotonic() + random.uniform(1.0, 2.0)
                    heapq.heappush(self.queue, (again, self.order, voter))
                    self.order += 1
                else:
                    self.pending -= 1
                self.condition.notify_all()

    def join(self) -> None:
        for future in self.futures:
            future.result()
        self.pool.shutdown()


# --- the Django side, run as `python -m harness.hall ...` against the private database


def checked_in_hall(voters: int, *, title: str, numbers: str):
    """In the database Django is set up on: an ALV with ``voters`` members checked in (their
    membership numbers ``numbers`` + i), an open secret yes/no/abstain poll, and for each
    voter their id and the key of a signed-in session. Returns (meeting, poll, option,
    sessions). Shared with bench/_hall.py."""
    from datetime import date, timedelta

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.utils import timezone

    from members.models import Member, User
    from voting import services
    from voting.models import Meeting, Option, Poll

    users = User.objects.bulk_create(
        User(email=f"stemmer{i}@example.org", password="!") for i in range(voters)
    )
    Member.objects.bulk_create(
        Member(
            membership_number=f"{numbers}{i}",
            first_name="Lid",
            last_name=str(i),
            email=user.email,
            joined_on=date(2020, 1, 1),
            user=user,
        )
        for i, user in enumerate(users)
    )
    meeting = Meeting.objects.create(
        title=title,
        starts_at=timezone.now() + timedelta(hours=1),
        eligibility_cutoff=date(2026, 1, 1),
        dues_required=False,
    )
    services.register_snapshot(meeting=meeting, actor=None)
    meeting.voters.update(checked_in_at=timezone.now())
    poll = Poll.objects.create(meeting=meeting, title="Voorzitter", kind="yes_no_abstain")
    option = Option.objects.create(poll=poll, label="Amal")
    services.poll_open(poll=poll, actor=None)
    backend = settings.AUTHENTICATION_BACKENDS[0]
    sessions = []
    for voter in meeting.voters.select_related("user"):
        store = SessionStore()
        store[SESSION_KEY] = str(voter.user.pk)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = voter.user.get_session_auth_hash()
        store.save()
        sessions.append((voter.pk, store.session_key))
    return meeting, poll, option, sessions


def _prepare(voters: int) -> dict:
    from django.conf import settings
    from django.utils import translation
    from django.utils.translation import gettext

    from voting import services, views

    meeting, poll, option, sessions = checked_in_hall(voters, title="Storings-ALV", numbers="H")
    with translation.override(settings.LANGUAGE_CODE):  # what the app speaks by default
        texts = {
            "outage": str(views.OUTAGE_TEXT),
            "ballot_outage": str(views.BALLOT_OUTAGE_TEXT),
            "already": gettext("This vote has been cast already."),
        }
    return {
        "meeting": meeting.pk,
        "poll": poll.pk,
        "option": option.pk,
        "voters": sessions,
        "texts": texts,
        "lock_space": services.POLL_LOCK_SPACE,
    }


def _reconcile(poll_id: int) -> dict:
    from core.errors import ServiceError
    from voting import selectors, services
    from voting.models import Poll, VoteRecord

    poll = Poll.objects.get(pk=poll_id)
    ballots = services.ballot_count(poll)
    records = VoteRecord.objects.filter(poll=poll).count()
    close_problem = ""
    try:
        poll = services.poll_close(poll=poll, actor=None)
    except ServiceError as exc:
        close_problem = f"closing the poll failed: {exc.message}"
    return {
        "ballots": ballots,
        "records": records,
        "receipts": selectors.receipts(poll),
        "voters": list(VoteRecord.objects.filter(poll=poll).values_list("voter_id", flat=True)),
        "close_problem": close_problem,
    }


def _agent_main() -> None:
    """Answer the hall's commands, one a line on stdin, until it closes."""
    sys.path.insert(0, str(ROOT))
    import django
    from django.db import connection

    django.setup()
    for line in sys.stdin:
        command, number = line.split()
        connection.close()  # the database may have restarted since the last command
        result = _prepare(int(number)) if command == "prepare" else _reconcile(int(number))
        print(AGENT_ANSWER + json.dumps(result), flush=True)
    connection.close()
    os._exit(0)  # nothing to clean up: skip the seconds a Django interpreter takes to exit


if __name__ == "__main__":
    _agent_main()
