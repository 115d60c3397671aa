"""The outbox under faults, with real processes: a real Celery worker on the real Redis, and
a broker that is really gone (a Redis server of this test's own, stopped and started)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from email import message_from_bytes
from pathlib import Path

import pytest
from celery import Celery

from applications.models import Application, ApplicationStatus
from bij1_recruit.celery import app as celery_app
from notifications.models import Notification, NotificationStatus
from notifications.services import notification_queue
from notifications.tasks import send_due_notifications
from tests.conftest import current_database_url, start_celery_worker
from tests.factories import ApplicationFactory

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def mails(folder: Path) -> list[str]:
    recipients = []
    for path in folder.glob("*.log"):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                recipients.append(message_from_bytes(chunk.strip()).get("To"))
    return recipients


def wait_until(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_worker_killed_mid_sweep_never_sends_a_mail_twice(tmp_path):
    for _ in range(40):
        application = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
        notification_queue(
            kind="applications.confirmation",
            recipient=application.applicant.email,
            language="nl",
            template="applications/email/confirmation",
            context={"application": application, "vacancy": application.vacancy},
            target=application,
        )
    outbox = tmp_path / "mail"
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    env = {
        "EMAIL_BACKEND": "tests.notifications.slow_backend.SlowFileBackend",
        "EMAIL_FILE_PATH": str(outbox),
    }

    worker = start_celery_worker(queue=queue, **env)
    send_due_notifications.apply_async(queue=queue)
    wait_until(lambda: len(mails(outbox)) >= 10)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    sent_before = len(mails(outbox))
    assert sent_before < 40  # really killed in the middle

    worker = start_celery_worker(queue=queue, **env)
    try:
        send_due_notifications.apply_async(queue=queue).get(timeout=60)
    finally:
        worker.terminate()
        worker.wait(timeout=20)

    recipients = mails(outbox)
    assert len(recipients) == len(set(recipients))  # nobody got a mail twice
    statuses = list(Notification.objects.values_list("status", flat=True))
    interrupted = statuses.count(NotificationStatus.SENDING)
    assert interrupted <= 1  # at most the one being sent at the kill, left for a person
    assert statuses.count(NotificationStatus.SENT) == 40 - interrupted
    assert len(recipients) >= 40 - interrupted


def test_a_broker_outage_loses_no_application_and_no_mail(tmp_path):
    redis_server = shutil.which("redis-server")
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    drafts = [ApplicationFactory() for _ in range(20)]
    ids = ",".join(str(a.pk) for a in drafts)
    submit = (
        "from applications.models import Application\n"
        "from applications.services import application_submit\n"
        f"for a in Application.objects.filter(pk__in=[{ids}]):\n"
        "    application_submit(application=a, actor=a.applicant)\n"
    )
    env = {
        "DATABASE_URL": current_database_url(),
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": broker,
    }

    # Redis is down (nothing listens on the port): every submission still goes through.
    shell = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", submit],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shell.returncode == 0, shell.stderr
    assert Application.objects.filter(status=ApplicationStatus.SUBMITTED).count() == 20
    assert Notification.objects.filter(status=NotificationStatus.PENDING).count() == 20

    # Redis comes back; the minute sweep (here: one run on a real worker) sends the mail.
    server = subprocess.Popen(
        [
            redis_server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    outbox = tmp_path / "mail"
    queue = f"outage-{uuid.uuid4().hex[:8]}"
    worker = start_celery_worker(
        queue=queue,
        CELERY_BROKER_URL=broker,
        CELERY_RESULT_BACKEND=broker,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(outbox),
    )
    try:
        wait_until(
            lambda: (
                subprocess.run(
                    ["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True
                ).stdout.strip()
                == "PONG"
            )
        )
        # Not the current app: shared tasks elsewhere in this process must keep their broker.
        client = Celery(broker=broker, backend=broker, set_as_current=False)
        client.send_task("notifications.tasks.send_due_notifications", queue=queue).get(timeout=60)
        client.send_task("notifications.tasks.send_due_notifications", queue=queue).get(
            timeout=60
        )  # a second sweep sends nothing again
    finally:
        worker.terminate()
        worker.wait(timeout=20)
        server.terminate()
        server.wait(timeout=10)

    recipients = mails(outbox)
    assert sorted(recipients) == sorted(a.applicant.email for a in drafts)
    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == 20


def test_two_worker_processes_sweeping_at_once_send_each_mail_once(tmp_path):
    for _ in range(30):
        application = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
        notification_queue(
            kind="applications.confirmation",
            recipient=application.applicant.email,
            language="nl",
            template="applications/email/confirmation",
            context={"application": application, "vacancy": application.vacancy},
            target=application,
        )
    outbox = tmp_path / "mail"
    queue = f"pair-{uuid.uuid4().hex[:8]}"
    env = {
        "EMAIL_BACKEND": "tests.notifications.slow_backend.SlowFileBackend",
        "EMAIL_FILE_PATH": str(outbox),
    }
    names = [f"{queue}-{n}" for n in (1, 2)]
    workers = [start_celery_worker(queue=queue, name=name, **env) for name in names]
    try:
        # Both must be listening before the sweeps start, or one could do all the work.
        wait_until(
            lambda: (
                {
                    node.split("@")[0]
                    for reply in celery_app.control.ping(timeout=0.5)
                    for node in reply
                }
                >= set(names)
            )
        )
        results = [send_due_notifications.apply_async(queue=queue) for _ in range(2)]
        counts = [result.get(timeout=90) for result in results]
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=20)

    recipients = mails(outbox)
    assert sum(counts) == 30 and min(counts) > 0  # both really worked, side by side
    assert len(recipients) == 30 == len(set(recipients))
