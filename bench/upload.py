"""Upload a large generated video over HTTP to gunicorn and measure what it costs the server.

Starts gunicorn (one sync worker) on a throwaway SQLite database, signs in a demo applicant,
and sends an N MB video to the application upload endpoint, then the same bytes to a bare
endpoint that only writes them to disk (bench/_upload_wsgi.py). Prints the worker's peak
resident memory growth (goal: at most 64 MB) and the throughput of the real upload as a
ratio of the bare one. Usage: python bench/upload.py [MB]   (default 1024)
"""

import http.client
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-upload-"))
os.environ.update(DEBUG="1", VAR_DIR=str(WORK), DJANGO_SETTINGS_MODULE="bij1_recruit.settings")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from applications.models import Application  # noqa: E402
from bench._gunicorn import one_worker, proc_kb  # noqa: E402
from members.models import User  # noqa: E402
from vacancies.models import Vacancy, VacancyStatus  # noqa: E402

MP4_HEADER = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
BOUNDARY = "benchboundary7MA4YWxkTrZu0gW"
CHUNK = 1024 * 1024


def prepare() -> tuple[str, int]:
    """A verified applicant with a draft application; returns (session cookie, application)."""
    call_command("migrate", verbosity=0)
    user = User.objects.create_user(email="bench@example.org", password="bench-password-1")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    vacancy = Vacancy.objects.create(
        kind="staff",
        title="Bench",
        slug="bench",
        summary="Bench",
        status=VacancyStatus.PUBLISHED,
        deadline=timezone.now() + timezone.timedelta(days=1),
    )
    application = Application.objects.create(vacancy=vacancy, applicant=user)
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value, application.pk


def send(port: int, path: str, size_mb: int, headers: dict) -> tuple[int, float]:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nvideo\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="video"; filename="film.mp4"\r\n'
        "Content-Type: video/mp4\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    payload = size_mb * CHUNK
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.putrequest("POST", path)
    connection.putheader("Content-Type", f"multipart/form-data; boundary={BOUNDARY}")
    connection.putheader("Content-Length", str(len(head) + payload + len(tail)))
    for name, value in headers.items():
        connection.putheader(name, value)
    connection.endheaders()
    start = time.perf_counter()
    connection.send(head + MP4_HEADER)
    block = b"\x00" * CHUNK
    sent = len(MP4_HEADER)
    while sent < payload:
        piece = block[: min(CHUNK, payload - sent)]
        connection.send(piece)
        sent += len(piece)
    connection.send(tail)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - start
    connection.close()
    return response.status, elapsed


def main() -> None:
    size_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    session, application_id = prepare()
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1", "UPLOAD_MAX_VIDEO_MB": str(size_mb + 16)}
    try:
        with one_worker("bench._upload_wsgi:application", env) as (port, worker):
            csrf = "b" * 32  # a CSRF secret of the right length; cookie and header must agree
            headers = {
                "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; csrftoken={csrf}",
                "X-CSRFToken": csrf,
                "X-Requested-With": "XMLHttpRequest",
            }
            send(port, f"/sollicitaties/{application_id}/bestanden/", 1, headers)  # warm up
            # Bare, real, bare again: the page cache and disk warm up as we go, so the bare
            # figure is the mean of a run before and a run after the real upload.
            _status, bare_before = send(port, "/bare-upload/", size_mb, headers)
            baseline = proc_kb(worker, "VmRSS")
            status, django_seconds = send(
                port, f"/sollicitaties/{application_id}/bestanden/", size_mb, headers
            )
            peak = proc_kb(worker, "VmHWM")
            bare_status, bare_after = send(port, "/bare-upload/", size_mb, headers)
            bare_seconds = (bare_before + bare_after) / 2
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    if status != 200 or bare_status != 200:
        raise SystemExit(f"upload failed: HTTP {status} / bare HTTP {bare_status}")
    rate = size_mb / django_seconds
    print(f"upload of {size_mb} MB video: {django_seconds:.1f} s ({rate:,.0f} MB/s)")
    print(
        f"bare write of the same bytes: {bare_seconds:.1f} s ({size_mb / bare_seconds:,.0f} MB/s)"
    )
    print(f"throughput ratio (upload / bare): {bare_seconds / django_seconds:.2f}")
    print(
        f"worker peak RSS growth during the upload: {(peak - baseline) / 1024:.1f} MB (goal <= 64)"
    )


if __name__ == "__main__":
    main()
