"""Limits on request bodies that hold before anyone is trusted.

RequestBodyLimitMiddleware refuses a body with 413 before the session, the sign-in, the CSRF
check (which reads the form) or an upload handler touches it: anonymous visitors may send
REQUEST_BODY_MAX_ANONYMOUS, the signed-in REQUEST_BODY_MAX, and only where files are taken
(settings.UPLOAD_ROUTES), by someone allowed to send files there, the caps of the kinds taken
there on top. Who is asking is read from the session cookie, never from the body.

While a body that passed is parsed, CappedUploadHandler stops every file at the cap of its
kind, whatever its field is called, before the rest is read or written to disk.
"""

import io
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
    load_backend,
)
from django.core.exceptions import BadRequest, ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.core.handlers.wsgi import LimitedStream
from django.http.multipartparser import MultiPartParser
from django.urls import Resolver404, resolve
from django.utils.crypto import constant_time_compare
from django.utils.module_loading import import_string

UNFRAMED_READ_SIZE = 64 * 1024


class RequestBodyTooLarge(BadRequest):
    """A file passed its cap where the view does not answer that itself. Django turns this
    into a 400 wherever it is raised (also in the CSRF check, before any view runs);
    RequestBodyLimitMiddleware then answers 413."""


@dataclass(frozen=True)
class Refusal:
    """Why a request was refused: the limit in bytes, whether one file passed its cap
    (rather than the whole body its limit), and whether the sender was signed in."""

    limit: int
    file: bool = False
    signed_in: bool = True


@dataclass(frozen=True)
class UploadAllowance:
    """What one signed-in person may send to one upload route."""

    caps: dict[str, int]  # kind of file -> its cap in bytes
    kind_field: str | None  # a posted field naming the kind of a file not named after one
    view_answers: bool  # the view shows an oversized file's refusal itself

    @property
    def body_limit(self) -> int:
        return sum(self.caps.values()) + settings.REQUEST_BODY_MAX

    def kind_of(self, field_name: str, posted_kind: str | None) -> str:
        """The field's own name when it names a kind, else the posted kind, else the route's
        only kind, or the kind with the smallest cap."""
        if field_name in self.caps:
            return field_name
        if posted_kind in self.caps:
            return posted_kind
        return min(self.caps, key=self.caps.__getitem__)


def signed_in(user, session, route_kwargs) -> bool:
    """Uploader rule of a route open to every signed-in person (the user is signed in)."""
    return True


def declared_length(meta) -> int | None:
    """The body's length as the request declares it (0 for none or nonsense, as Django reads
    it); None for a body sent without one (chunked)."""
    raw = meta.get("CONTENT_LENGTH")
    if raw in (None, "") and meta.get("HTTP_TRANSFER_ENCODING"):
        return None
    try:
        return max(int(raw), 0)
    except (TypeError, ValueError):
        return 0


def session_user(request):
    """(user, session) of the session cookie, read without touching the body; (None, None)
    when nobody is signed in. Read-only: a session that no longer verifies counts as
    anonymous here and is left to the sign-in machinery."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return None, None
    session = import_module(settings.SESSION_ENGINE).SessionStore(key)
    try:
        user_id = get_user_model()._meta.pk.to_python(session[SESSION_KEY])
        backend_path = session[BACKEND_SESSION_KEY]
    except (KeyError, ValidationError):
        return None, None
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return None, None
    user = load_backend(backend_path).get_user(user_id)
    if user is None or not constant_time_compare(
        session.get(HASH_SESSION_KEY, ""), user.get_session_auth_hash()
    ):
        return None, None
    return user, session


def _route(request):
    if request.resolver_match is not None:
        return request.resolver_match
    try:
        return resolve(request.path_info)
    except Resolver404:
        return None


def upload_allowance(request, user, session) -> UploadAllowance | None:
    """What ``user`` may upload on this request's route, or None: no upload route, or not
    someone the route's uploader rule lets send files there."""
    if user is None or not user.is_authenticated:
        return None
    route = _route(request)
    config = settings.UPLOAD_ROUTES.get(route.view_name) if route else None
    if config is None or not import_string(config["uploader"])(user, session, route.kwargs):
        return None
    return UploadAllowance(
        caps={kind: settings.UPLOAD_MAX_BYTES[cap] for kind, cap in config["kinds"].items()},
        kind_field=config.get("kind_field"),
        view_answers=config.get("view_answers", False),
    )


def _is_multipart_post(request) -> bool:
    return request.method == "POST" and request.content_type == "multipart/form-data"


class RequestBodyLimitMiddleware:
    """Refuses an oversized body with 413 before anything reads it; also answers 413 when a
    file passed its cap while the body was parsed (a Refusal in ``request.body_refused``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = self._refusal_before_reading(request)
        if refusal is None:
            response = self.get_response(request)
            refusal = getattr(request, "body_refused", None)
            if refusal is None:
                return response
        from core.views import request_too_large

        return request_too_large(request, refusal)

    def _refusal_before_reading(self, request) -> Refusal | None:
        declared = declared_length(request.META)
        if declared is not None and declared <= settings.REQUEST_BODY_MAX_ANONYMOUS:
            return None  # small enough for anyone: no need to know who is asking
        user, session = session_user(request)
        limit = self._limit(request, user, session)
        if declared is None:
            limit = min(limit, settings.REQUEST_BODY_MAX)
            if self._take_unframed(request, limit):
                return None
        elif declared <= limit:
            return None
        return Refusal(limit=limit, signed_in=user is not None)

    @staticmethod
    def _limit(request, user, session) -> int:
        if user is None:
            return settings.REQUEST_BODY_MAX_ANONYMOUS
        allowance = (
            upload_allowance(request, user, session) if _is_multipart_post(request) else None
        )
        request.upload_allowance = allowance
        return settings.REQUEST_BODY_MAX if allowance is None else allowance.body_limit

    @staticmethod
    def _take_unframed(request, limit: int) -> bool:
        """A body without a declared length (chunked), which Django would not read at all:
        read at most ``limit`` into memory and hand it on with its length, or say it is
        longer (False). Uploads declare their length (browsers always do)."""
        if not request.META.get("wsgi.input_terminated"):
            return True  # the server cannot tell where it ends: Django reads none of it
        source, body = request.META["wsgi.input"], bytearray()
        while piece := source.read(UNFRAMED_READ_SIZE):
            body += piece
            if len(body) > limit:
                return False
        request.META["CONTENT_LENGTH"] = str(len(body))
        request._stream = LimitedStream(io.BytesIO(bytes(body)), len(body))
        return True


def _caps_by_kind_name() -> dict[str, int]:
    """Every kind any upload route takes, with its cap."""
    return {
        kind: settings.UPLOAD_MAX_BYTES[cap]
        for config in settings.UPLOAD_ROUTES.values()
        for kind, cap in config["kinds"].items()
    }


class CappedUploadHandler(FileUploadHandler):
    """Stops a file as soon as it passes the cap of its kind (UploadAllowance.kind_of),
    whatever its field is called, before the rest is read or written. Where the view answers
    an oversized file itself (the application form keeps what was typed before the file),
    the upload stops and the view finds the kind in ``request.upload_too_large``; elsewhere
    the request is refused with 413 before the view acts."""

    def __init__(self, request=None):
        super().__init__(request)
        self.allowance: UploadAllowance | None = None
        self.parser: MultiPartParser | None = None
        self.kind: str | None = None
        self.cap: int | None = None
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if self.parser is not None:
            return None  # the parse below, asking its handlers
        self.allowance = self._allowance()
        if self.allowance is None or self.allowance.kind_field is None:
            return None
        # A file sent under another name takes its kind from a field posted before it: parse
        # here, with a parser whose fields so far this handler can read.
        self.parser = MultiPartParser(META, input_data, self.request.upload_handlers, encoding)
        return self.parser.parse()

    def _allowance(self) -> UploadAllowance | None:
        request = self.request
        if request is None:
            return None
        if hasattr(request, "upload_allowance"):  # decided before the body was read
            return request.upload_allowance
        user, session = getattr(request, "user", None), getattr(request, "session", None)
        return upload_allowance(request, user, session)

    def _posted_kind(self) -> str | None:
        # Django's parser collects the fields read so far in ``_post``.
        fields = getattr(self.parser, "_post", None)
        if fields is None or self.allowance.kind_field is None:
            return None
        return fields.get(self.allowance.kind_field)

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self.received = 0
        if self.allowance is not None:
            self.kind = self.allowance.kind_of(field_name, self._posted_kind())
            self.cap = self.allowance.caps[self.kind]
        elif self.request is not None and hasattr(self.request, "user"):
            # No upload allowed here: the body limit keeps the whole request small.
            self.kind, self.cap = None, None
        else:  # a parser built by hand, without the middleware: a field named after a kind
            self.kind, self.cap = field_name, _caps_by_kind_name().get(field_name)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.cap is not None and self.received > self.cap:
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None

    def _refuse(self):
        request = self.request
        if request is None:
            raise StopUpload(connection_reset=True)
        if self.allowance is not None and not self.allowance.view_answers:
            request.body_refused = Refusal(limit=self.cap, file=True)
            self._close_partial_files()
            raise RequestBodyTooLarge(f"A file passed its cap of {self.cap} bytes.")
        request.upload_too_large = self.kind
        raise StopUpload(connection_reset=True)

    def _close_partial_files(self):
        """Close (and so delete) the temporary file being written now, as Django does when
        an upload stops, instead of leaving it until the request is collected."""
        for handler in self.request.upload_handlers:
            partial = getattr(handler, "file", None)
            if partial is not None and handler is not self:
                partial.close()
