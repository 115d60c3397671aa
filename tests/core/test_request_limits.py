"""Request bodies are limited before anyone is trusted (core.request_limits): anonymous visitors and
paths without an upload get a small limit, checked before the session, the sign-in, the CSRF
check or an upload handler reads a byte; where files are taken, each file stops at the cap of
its kind whatever its field is called. The bodies here are made up as the server reads them
(never held in memory), and each records how much the server read and the most the upload
temporary folder held meanwhile."""

import inspect
import os
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from applications.models import ApplicationFile, ApplicationStatus
from core.text_limits import LONG_TEXT_MAX_LENGTH
from review.models import Appeal
from tests.applications import samples
from tests.factories import ApplicationFactory, UserFactory, VacancyFactory

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
GB = 1024 * MB
BOUNDARY = "limitsBoundary7MA4YWxk"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
TAIL = f"\r\n--{BOUNDARY}--\r\n".encode()
READ_AT_MOST = MB  # per read() call, as a socket would hand it out
CSRF = "c" * 32  # a CSRF secret of the right length: the cookie and the form's field agree


def folder_bytes(folder: Path) -> int:
    return sum(entry.stat().st_size for entry in os.scandir(folder) if entry.is_file())


class MadeUpBody:
    """A request body generated while it is read: ``head``, ``size`` zero bytes, ``tail``.
    Samples the upload temporary folder at every megabyte read."""

    def __init__(self, head: bytes, size: int, temp_dir: Path, tail: bytes = TAIL):
        self.head, self.size, self.tail = head, size, tail
        self.total = len(head) + size + len(tail)
        self.temp_dir = temp_dir
        self.bytes_read = 0
        self.peak_in_temp = 0

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = READ_AT_MOST
        size = min(size, READ_AT_MOST, self.total - self.bytes_read)
        start, end = self.bytes_read, self.bytes_read + size
        filler_end = len(self.head) + self.size
        piece = (
            self.head[start:end]
            + b"\x00" * max(0, min(end, filler_end) - max(start, len(self.head)))
            + self.tail[max(0, start - filler_end) : max(0, end - filler_end)]
        )
        if start // MB != end // MB or end == self.total:
            self.peak_in_temp = max(self.peak_in_temp, folder_bytes(self.temp_dir))
        self.bytes_read = end
        return piece

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


def file_part(field: str, filename: str, content_type: str, fields: dict | None = None) -> bytes:
    """The multipart head: the CSRF token and the text fields, then the start of a file."""
    head = "".join(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in {"csrfmiddlewaretoken": CSRF, **(fields or {})}.items()
    )
    head += (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"; '
        f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
    )
    return head.encode()


def post(client, url, body, *, length=None, content_type=MULTIPART, **extra):
    environ = {"CONTENT_TYPE": content_type, "wsgi.input": body, **extra}
    if length is not False:
        environ["CONTENT_LENGTH"] = str(body.total if length is None else length)
    return client.generic("POST", url, **environ)


@pytest.fixture
def temp_dir(settings, tmp_path):
    folder = tmp_path / "upload-tmp"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    settings.MEDIA_ROOT = tmp_path / "private"
    return folder


def browser(user=None) -> Client:
    """A client that passes the CSRF check the way a browser's form does: the token is a
    field of the form, so the check reads the form before the view runs."""
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = CSRF
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def applicant_client():
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    return browser(application.applicant), application


# --- Anonymous: refused before anything is read ---------------------------------------------


def test_an_anonymous_200_mb_post_to_the_sign_in_is_refused_before_a_byte_is_read(temp_dir):
    """Only a CSRF cookie, no session: the sign-in page's CSRF check would have read (and
    written to disk) the whole form to find the token; the limit answers first."""
    client = browser()
    body = MadeUpBody(file_part("file", "film.mp4", "video/mp4"), 200 * MB, temp_dir)

    response = post(client, "/accounts/login/", body)

    assert response.status_code == 413
    assert (body.bytes_read, body.peak_in_temp) == (0, 0)
    assert not any(temp_dir.iterdir())
    page = response.content.decode()
    assert "Te groot" in page and "groter dan 64 kB" in page
    assert "Wil je een bestand sturen? Log dan eerst in." in page
    assert 'href="/"' in page  # a way back


def test_an_anonymous_200_mb_post_to_a_path_without_uploads_is_refused(temp_dir):
    body = MadeUpBody(b"", 200 * MB, temp_dir, tail=b"")

    response = post(client := Client(), "/alv/", body, content_type="application/octet-stream")

    assert response.status_code == 413
    assert body.bytes_read == 0
    client.cookies["django_language"] = "en"
    english = post(client, "/alv/", MadeUpBody(b"", 200 * MB, temp_dir, tail=b""))
    assert "Too large" in english.content.decode()


def test_a_body_of_more_than_a_gigabyte_is_a_413_never_a_500(temp_dir, applicant_client):
    """Above the application routes' own allowance (the old upload handler let StopUpload
    escape from its first look at the length: a server error)."""
    client, application = applicant_client
    url = f"/sollicitaties/{application.pk}/bestanden/"
    for who, extra in ((client, {}), (Client(), {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"})):
        body = MadeUpBody(file_part("video", "film.mp4", "video/mp4"), 2 * GB, temp_dir)

        response = post(who, url, body, **extra)

        assert response.status_code == 413
        assert body.bytes_read == 0


def test_a_chunked_body_without_a_length_is_read_no_further_than_the_limit(temp_dir):
    body = MadeUpBody(file_part("file", "film.mp4", "video/mp4"), 200 * MB, temp_dir)

    response = post(
        Client(),
        "/accounts/login/",
        body,
        length=False,
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input_terminated": True},
    )

    assert response.status_code == 413
    assert body.bytes_read <= 64 * 1024 + READ_AT_MOST
    assert body.peak_in_temp == 0


def test_a_small_chunked_body_is_read_as_if_it_had_its_length(temp_dir):
    form = b"language=en&next=/"
    body = MadeUpBody(form, 0, temp_dir, tail=b"")

    response = post(
        client := Client(),
        "/i18n/setlang/",
        body,
        length=False,
        content_type="application/x-www-form-urlencoded",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input_terminated": True},
    )

    assert response.status_code == 302
    assert client.cookies["django_language"].value == "en"


def test_a_content_length_that_understates_the_body_is_all_that_is_read(temp_dir):
    body = MadeUpBody(file_part("file", "brief.pdf", "application/pdf"), 200 * MB, temp_dir)

    response = post(Client(), "/accounts/login/", body, length=1000)

    assert response.status_code < 500
    assert body.bytes_read <= 1000


# --- Signed in: each file stops at the cap of its kind, whatever its field is called ---------


@pytest.mark.parametrize("field", ["file", "bijlage"])
def test_an_applicant_s_oversized_letter_stops_at_the_letter_cap_whatever_the_field(
    temp_dir, applicant_client, field
):
    """The portal's own form sends the kind, then the file as "file": 200 MB of it were
    written to disk before the refusal. Now the letter's 20 MB cap stops it, also under any
    other name."""
    client, application = applicant_client
    body = MadeUpBody(
        file_part(field, "brief.pdf", "application/pdf", {"kind": "letter"}), 200 * MB, temp_dir
    )

    response = post(
        client,
        f"/sollicitaties/{application.pk}/bestanden/",
        body,
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )

    assert response.status_code == 413, response.json()
    assert response.json() == {
        "ok": False,
        "error": "Dit bestand is groter dan 20 MB en is niet geüpload.",
    }
    assert body.bytes_read <= 21 * MB
    assert body.peak_in_temp <= 20 * MB + 64 * 1024
    assert not any(temp_dir.iterdir())
    assert not ApplicationFile.objects.exists()


def test_the_plain_portal_form_shows_the_translated_refusal(temp_dir, applicant_client):
    client, application = applicant_client
    body = MadeUpBody(
        file_part("file", "cv.pdf", "application/pdf", {"kind": "cv"}), 200 * MB, temp_dir
    )

    response = post(client, f"/sollicitaties/{application.pk}/bestanden/", body)
    page = client.get(response.url).content.decode()

    assert response.status_code == 302
    assert "Dit bestand is groter dan 20 MB en is niet geüpload." in page
    assert body.bytes_read <= 21 * MB


def test_a_file_under_an_odd_name_on_the_application_form_takes_the_smallest_cap(
    temp_dir, applicant_client
):
    client, _application = applicant_client
    vacancy = VacancyFactory()
    url = f"/sollicitaties/solliciteren/{vacancy.slug}/"
    body = MadeUpBody(
        file_part("iets", "film.mp4", "video/mp4", {"motivation": "Mijn verhaal"}),
        200 * MB,
        temp_dir,
    )

    response = post(client, url, body)

    assert response.status_code == 200  # the form again, with what was typed and the refusal
    assert "groter dan 20 MB" in response.content.decode()
    assert body.bytes_read <= 21 * MB
    assert not any(temp_dir.iterdir())


@pytest.mark.parametrize(
    ("size", "read_at_most"),
    [(200 * MB, 0), (20 * MB + 100 * 1024, 21 * MB)],
    ids=["beyond-the-route", "just-over-the-cap"],
)
def test_an_oversized_appeal_document_is_a_413_before_the_view_acts(
    temp_dir, applicant_client, size, read_at_most
):
    """The appeal takes one document: a body beyond it is refused unread; a body within it
    whose file passes the cap is stopped there, before the appeal is lodged without it."""
    client, application = applicant_client
    body = MadeUpBody(
        file_part("document", "bezwaar.pdf", "application/pdf", {"reasons": "Oneerlijk."}),
        size,
        temp_dir,
    )

    response = post(client, f"/kandidaat/{application.pk}/bezwaar/", body)

    assert response.status_code == 413
    assert "groter dan 20 MB" in response.content.decode()
    assert body.bytes_read <= read_at_most
    assert not any(temp_dir.iterdir())
    assert not Appeal.objects.exists()


def test_someone_else_s_application_takes_no_upload_at_all(temp_dir, applicant_client):
    """The upload allowance is the applicant's: another signed-in person gets the small
    limit on the same path, before the body is read."""
    _client, application = applicant_client
    stranger = browser(UserFactory())
    body = MadeUpBody(
        file_part("video", "film.mp4", "video/mp4", {"kind": "video"}), 200 * MB, temp_dir
    )

    response = post(stranger, f"/sollicitaties/{application.pk}/bestanden/", body)

    assert response.status_code == 413
    assert body.bytes_read == 0


def test_a_big_video_still_streams_in_for_its_applicant(temp_dir, applicant_client):
    """Above the signed-in limit, within the video's cap: stored, streamed through the
    temporary folder."""
    client, application = applicant_client
    body = MadeUpBody(
        file_part("video", "film.mp4", "video/mp4", {"kind": "video"}) + samples.MP4,
        30 * MB,
        temp_dir,
    )

    response = post(
        client,
        f"/sollicitaties/{application.pk}/bestanden/",
        body,
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )

    assert response.status_code == 200, response.content
    assert body.bytes_read == body.total
    assert body.peak_in_temp >= 29 * MB
    assert application.files.get().size == 30 * MB + len(samples.MP4)


def test_too_many_files_or_fields_is_a_clear_400(temp_dir, applicant_client):
    client, application = applicant_client
    url = f"/sollicitaties/{application.pk}/bestanden/"
    files = b"".join(
        file_part(f"f{n}", "brief.pdf", "application/pdf") + b"x\r\n" for n in range(11)
    )
    fields = "".join(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="f{n}"\r\n\r\nx\r\n'
        for n in range(1200)
    ).encode()

    for head in (files, fields):
        assert post(client, url, MadeUpBody(head, 0, temp_dir)).status_code == 400


# --- The largest legitimate posts without a file fit the signed-in limit ---------------------


def test_an_autosaved_motivation_at_its_full_length_is_saved(temp_dir, applicant_client):
    """The longest text an applicant types (accented letters take two bytes each)."""
    client, _application = applicant_client
    vacancy = VacancyFactory()
    url = f"/sollicitaties/solliciteren/{vacancy.slug}/"
    motivation = ("Één België-ervaring; " * LONG_TEXT_MAX_LENGTH)[:LONG_TEXT_MAX_LENGTH]

    response = client.post(
        url,
        {
            "csrfmiddlewaretoken": CSRF,
            "autosave": "1",
            "motivation": motivation,
            "country": "NL",
            "retention": "procedure",
        },
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )

    assert response.status_code == 200, response.content
    assert vacancy.applications.get().motivation == motivation.strip()


# --- Every view that takes files is an upload route -----------------------------------------

PROJECT_MODULES = (
    "applications.",
    "bij1_recruit.",
    "core.",
    "exports.",
    "integrity.",
    "members.",
    "notifications.",
    "review.",
    "vacancies.",
    "voting.",
)


def _named_views(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            joined = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _named_views(pattern.url_patterns, joined)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern.callback


def _project_code(callback):
    """The project's own function behind a URL (a view, a view class's methods, an admin's
    overridden method); nothing for Django's and allauth's."""
    view = inspect.unwrap(callback)
    target = getattr(view, "view_class", None) or getattr(view, "__func__", view)
    if not inspect.isroutine(target) and not inspect.isclass(target):
        target = type(target)  # a callable object, such as a feed
    if not getattr(target, "__module__", "").startswith(PROJECT_MODULES):
        return []
    if inspect.isclass(target):
        return [f for _name, f in inspect.getmembers(target, inspect.isfunction)]
    return [target]


def _reads_files(function, seen=None) -> bool:
    """Whether the function, or a function of its own module that it calls, reads .FILES."""
    seen = seen if seen is not None else set()
    seen.add(function)
    code = function.__code__
    if "FILES" in code.co_names:
        return True
    module = sys.modules[function.__module__]
    helpers = (getattr(module, name, None) for name in code.co_names)
    return any(
        _reads_files(helper, seen)
        for helper in helpers
        if inspect.isfunction(helper)
        and helper.__module__ == function.__module__
        and helper not in seen
    )


def test_every_view_that_reads_files_is_an_upload_route(settings):
    """A view reading request.FILES without an entry in UPLOAD_ROUTES would take no file
    larger than the signed-in limit, and its files would have no cap of their own."""
    taking = {
        name
        for name, callback in _named_views(get_resolver().url_patterns)
        if any(_reads_files(function) for function in _project_code(callback))
    }

    assert {"applications:upload_file", "candidate:appeal", "admin:review_appeal_change"} <= taking
    assert taking <= set(settings.UPLOAD_ROUTES), taking - set(settings.UPLOAD_ROUTES)
