"""An application's life under races, on real PostgreSQL: a phone on a slow connection sends
its autosaves and its "send" at once, a double click sends twice, a second tab withdraws
while the first still types.

The HTTP tests run threads against the live test server, as browsers do (each request in its
own server thread and database connection); the service tests run threads that each call the
services in their own connection. Every transactional test restores the serialized data
(tests/conftest.py)."""

import http.client
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client

from applications.models import Application, ApplicationStatus, FileKind
from applications.services import application_attach_file, application_submit
from core.errors import ServiceError
from core.models import AuditEntry
from notifications.models import Notification
from tests.applications import samples
from tests.applications.test_applying import apply_data
from tests.factories import ApplicationFactory, UserFactory, VacancyFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CSRF = "r" * 32  # a CSRF secret of the right length: cookie and header must agree
AUTOSAVERS = 4


@pytest.fixture(autouse=True)
def postgresql_and_private_media(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.fail("these tests need PostgreSQL (make test starts it)")
    settings.MEDIA_ROOT = tmp_path / "private"


class Browser:
    """One applicant's browser: their session cookie and a CSRF token, over plain HTTP, one
    connection per request (a phone retrying on a bad line opens new ones)."""

    def __init__(self, live_server, user):
        client = Client()
        client.force_login(user)
        self.session = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.address = urlsplit(live_server.url)

    def request(self, method: str, path: str, body: bytes = b"", headers=None):
        session = f"{settings.SESSION_COOKIE_NAME}={self.session}"
        cookie = f"{session}; {settings.CSRF_COOKIE_NAME}={CSRF}"
        conn = http.client.HTTPConnection(self.address.hostname, self.address.port, timeout=60)
        try:
            conn.request(
                method,
                path,
                body=body,
                headers={"Cookie": cookie, "X-CSRFToken": CSRF, **(headers or {})},
            )
            response = conn.getresponse()
            return response.status, response.getheader("Location", ""), response.read()
        finally:
            conn.close()

    def post(self, path: str, fields: dict, *, xhr: bool = False):
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if xhr:
            headers["X-Requested-With"] = "XMLHttpRequest"
        return self.request("POST", path, urlencode(fields, doseq=True).encode(), headers)

    def upload(self, path: str, fields: dict, files: dict):
        boundary = "----bij1-race-boundary"
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-Requested-With": "XMLHttpRequest",
        }
        return self.request("POST", path, body, headers)


def all_at_once(*jobs):
    """Run the jobs in threads released together; returns their results in order. Each
    thread closes its own database connection."""
    start = threading.Barrier(len(jobs))

    def run(job):
        try:
            start.wait()
            return job()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def autosaving_until(done: threading.Event, browser: Browser, url: str, words: str):
    """Autosave as the page does while the applicant types, until one autosave has started
    after ``done`` (and twice at least). Returns (motivation sent, answer) pairs; every
    motivation is different."""

    def job():
        answers, count = [], 0
        while True:
            after = done.is_set()
            count += 1
            motivation = f"{words} {count}"
            fields = {**apply_data(motivation=motivation), "autosave": "1"}
            answers.append((motivation, browser.post(url, fields, xhr=True)))
            if after and count >= 2:
                return answers

    return job


def audit_count(application, action: str) -> int:
    return AuditEntry.objects.filter(action=action, object_id=str(application.pk)).count()


def confirmations(application):
    return Notification.objects.filter(
        kind="applications.confirmation", object_id=str(application.pk)
    )


def test_a_send_among_autosaves_stays_sent_with_one_receipt(live_server):
    user = UserFactory()
    vacancy = VacancyFactory()
    application = ApplicationFactory(vacancy=vacancy, applicant=user)
    browser = Browser(live_server, user)
    url = f"/sollicitaties/solliciteren/{vacancy.slug}/"
    sent = threading.Event()

    def send():
        try:
            return browser.post(url, {**apply_data(), "submit": ""})
        finally:
            sent.set()

    send_answer, *autosaves = all_at_once(
        send, *(autosaving_until(sent, browser, url, f"Typer {n}") for n in range(AUTOSAVERS))
    )

    application.refresh_from_db()
    assert send_answer[:2] == (302, f"/sollicitaties/{application.pk}/")
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.receipt_number
    assert audit_count(application, "applications.submit") == 1
    (confirmation,) = confirmations(application)
    assert application.receipt_number in confirmation.body_text
    answers = [answer for thread in autosaves for answer in thread]
    assert {status for _text, (status, _location, _body) in answers} <= {200, 409}
    saved = {text for text, (status, _location, _body) in answers if status == 200}
    refused = [(text, body) for text, (status, _location, body) in answers if status == 409]
    assert len(refused) >= AUTOSAVERS  # at least the autosaves after the send
    assert all("kan niet meer worden gewijzigd" in body.decode() for _text, body in refused)
    # What was sent is the send's text or an autosave saved before it; never a refused one.
    assert application.motivation in saved | {"Ik wil bijdragen."}


def test_six_sends_at_once_give_one_receipt_and_no_server_error(live_server):
    user = UserFactory()
    vacancy = VacancyFactory()
    application = ApplicationFactory(vacancy=vacancy, applicant=user)
    browser = Browser(live_server, user)
    url = f"/sollicitaties/solliciteren/{vacancy.slug}/"

    answers = all_at_once(*(lambda: browser.post(url, {**apply_data(), "submit": ""}),) * 6)

    application.refresh_from_db()
    assert [status for status, _location, _body in answers] == [302] * 6
    assert {location for _status, location, _body in answers} == {
        f"/sollicitaties/{application.pk}/"
    }
    assert application.status == ApplicationStatus.SUBMITTED
    assert audit_count(application, "applications.submit") == 1
    (confirmation,) = confirmations(application)
    assert application.receipt_number in confirmation.body_text
    detail = browser.request("GET", f"/sollicitaties/{application.pk}/")
    assert application.receipt_number in detail[2].decode()


def test_withdrawing_while_the_page_autosaves_stays_withdrawn(live_server):
    user = UserFactory()
    vacancy = VacancyFactory()
    application = ApplicationFactory(vacancy=vacancy, applicant=user)
    browser = Browser(live_server, user)
    url = f"/sollicitaties/solliciteren/{vacancy.slug}/"
    withdrawn = threading.Event()

    def withdraw():
        try:
            return browser.post(f"/sollicitaties/{application.pk}/intrekken/", {"reason": "Weg."})
        finally:
            withdrawn.set()

    withdraw_answer, *autosaves = all_at_once(
        withdraw,
        *(autosaving_until(withdrawn, browser, url, f"Typer {n}") for n in range(AUTOSAVERS)),
    )

    application.refresh_from_db()
    assert withdraw_answer[0] == 302
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.withdrawal_reason == "Weg."
    assert audit_count(application, "applications.withdraw") == 1
    answers = [answer for thread in autosaves for answer in thread]
    assert {status for _text, (status, _location, _body) in answers} <= {200, 409}
    refused = [body for _text, (status, _location, body) in answers if status == 409]
    assert len(refused) >= AUTOSAVERS  # at least the autosaves after the withdrawal
    assert all("is ingetrokken" in body.decode() for body in refused)


def test_a_file_added_while_sending_is_kept_and_the_send_holds(live_server):
    user = UserFactory()
    vacancy = VacancyFactory(cv_required=True)
    application = ApplicationFactory(vacancy=vacancy, applicant=user)
    application_attach_file(
        application=application,
        kind=FileKind.CV,
        uploaded=SimpleUploadedFile("cv-oud.pdf", samples.PDF),
    )
    browser = Browser(live_server, user)
    url = f"/sollicitaties/solliciteren/{vacancy.slug}/"

    def upload(kind, name, content):
        return lambda: browser.upload(
            f"/sollicitaties/{application.pk}/bestanden/", {"kind": kind}, {kind: (name, content)}
        )

    send_answer, cv_answer, letter_answer = all_at_once(
        lambda: browser.post(url, {**apply_data(), "submit": ""}),
        upload(FileKind.CV, "cv-nieuw.pdf", samples.PDF),
        upload(FileKind.LETTER, "brief.pdf", samples.PDF),
    )

    application.refresh_from_db()
    assert send_answer[:2] == (302, f"/sollicitaties/{application.pk}/")
    assert (cv_answer[0], letter_answer[0]) == (200, 200)
    assert application.status == ApplicationStatus.SUBMITTED
    assert audit_count(application, "applications.submit") == 1
    files = {f.kind: f for f in application.files.all()}
    assert set(files) == {FileKind.CV, FileKind.LETTER}
    assert files[FileKind.CV].original_name == "cv-nieuw.pdf"
    assert all(f.file.storage.exists(f.file.name) for f in files.values())
    (confirmation,) = confirmations(application)
    assert application.receipt_number in confirmation.body_text


def test_two_first_saves_at_once_make_one_draft(live_server):
    user = UserFactory()
    vacancy = VacancyFactory()
    browser = Browser(live_server, user)
    url = f"/sollicitaties/solliciteren/{vacancy.slug}/"

    def first_save(words):
        return lambda: browser.post(
            url, {**apply_data(motivation=words), "autosave": "1"}, xhr=True
        )

    answers = all_at_once(first_save("Eerste"), first_save("Tweede"), first_save("Derde"))

    assert [status for status, _location, _body in answers] == [200, 200, 200]
    application = Application.objects.get(vacancy=vacancy, applicant=user)
    assert application.status == ApplicationStatus.DRAFT
    assert application.motivation in ("Eerste", "Tweede", "Derde")
    assert audit_count(application, "applications.start") == 1


def test_six_sends_through_the_service_return_one_receipt():
    application = ApplicationFactory()

    def send():
        try:
            return application_submit(application=application, actor=application.applicant)
        except ServiceError as exc:
            return exc

    results = all_at_once(*(send,) * 6)

    application.refresh_from_db()
    assert {getattr(result, "receipt_number", result) for result in results} == {
        application.receipt_number
    }
    assert audit_count(application, "applications.submit") == 1
    assert confirmations(application).count() == 1
