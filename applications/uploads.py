"""Checking uploaded files by their content; who may upload to an application. Oversized
uploads are stopped while they run by core.request_limits."""

from dataclasses import dataclass

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from applications.models import Application, FileKind
from core.errors import ServiceError
from core.request_limits import CappedUploadHandler  # noqa: F401  (its old home)

DOCUMENT_TYPES = {"pdf", "docx", "odt"}
ALLOWED_TYPES: dict[str, set[str]] = {
    FileKind.LETTER: DOCUMENT_TYPES,
    FileKind.CV: DOCUMENT_TYPES,
    FileKind.VIDEO: {"mp4", "m4v", "webm", "mov"},
    FileKind.VOICE: {"mp3", "m4a", "ogg", "webm", "wav", "mp4"},
}
# A name's extension and the detected content agree when the content is one of these.
EXTENSION_MEANS: dict[str, set[str]] = {
    "pdf": {"pdf"},
    "docx": {"docx"},
    "odt": {"odt"},
    "mp4": {"mp4", "m4v", "m4a"},
    "m4v": {"m4v", "mp4"},
    "mov": {"mov", "mp4"},
    "webm": {"webm"},
    "weba": {"webm"},
    "mp3": {"mp3"},
    "m4a": {"m4a", "mp4"},
    "ogg": {"ogg"},
    "oga": {"ogg"},
    "opus": {"ogg"},
    "wav": {"wav"},
}
PDF_ACTIVE_CONTENT = (b"/JavaScript", b"/JS ", b"/JS(", b"/JS<", b"/Launch", b"/EmbeddedFile")


def max_bytes(kind: str) -> int:
    caps = settings.UPLOAD_MAX_BYTES
    if kind == FileKind.VIDEO:
        return caps["video"]
    if kind == FileKind.VOICE:
        return caps["audio"]
    return caps["document"]


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f}".replace(",", ".")


@dataclass(frozen=True)
class InspectedFile:
    extension: str
    content_type: str


def _name_extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _scan_pdf(uploaded) -> None:
    tail = b""
    for chunk in uploaded.chunks():
        window = tail + chunk
        if any(marker in window for marker in PDF_ACTIVE_CONTENT):
            raise ServiceError(
                _(
                    "This PDF contains scripts or embedded files. Save it again as a plain PDF "
                    "(for example with 'print to PDF') and upload that."
                )
            )
        tail = chunk[-32:]
    uploaded.seek(0)


def inspect_upload(uploaded, *, kind: str) -> InspectedFile:
    """Decide what a file is by its content, and check it may be uploaded as ``kind``.
    Raises ServiceError with a message for the applicant. Reads the file in chunks only."""
    allowed = ALLOWED_TYPES[kind]
    if uploaded.size == 0:
        raise ServiceError(_("The file is empty."))
    if uploaded.size > max_bytes(kind):
        raise ServiceError(
            _("The file is larger than %(mb)s MB.") % {"mb": megabytes(max_bytes(kind))}
        )
    head = next(uploaded.chunks(chunk_size=8192), b"")
    uploaded.seek(0)
    guess = filetype.guess(head)
    if guess is None or guess.extension not in allowed:
        raise ServiceError(
            _("This file is not a %(kind)s we can accept. Allowed: %(types)s.")
            % {"kind": FileKind(kind).label.lower(), "types": ", ".join(sorted(allowed))}
        )
    named = _name_extension(uploaded.name)
    if guess.extension not in EXTENSION_MEANS.get(named, set()):
        raise ServiceError(
            _("The file name ends in .%(named)s, but the content is %(actual)s.")
            % {"named": named or "?", "actual": guess.extension}
        )
    if guess.extension == "pdf":
        _scan_pdf(uploaded)
    return InspectedFile(extension=guess.extension, content_type=guess.mime)


def applicant_of(user, session, route_kwargs) -> bool:
    """Uploader rule (settings.UPLOAD_ROUTES) of the routes about one application (its
    ``pk``): only its applicant sends files there."""
    return Application.objects.filter(pk=route_kwargs.get("pk"), applicant=user).exists()
