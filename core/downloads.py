"""Serving a private file after the permission check: with HTTP Range (so video can seek),
or handed to the web server with X-Accel-Redirect when PRIVATE_MEDIA_ACCEL_REDIRECT is set."""

import re

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _secure(response: HttpResponse, *, content_type: str, filename: str, inline: bool):
    response["Content-Type"] = content_type
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    # Whatever a file contains, it never runs with the site's origin.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; media-src 'self'"
    response["Cache-Control"] = "private, no-store"
    response["Accept-Ranges"] = "bytes"
    return response


def private_file_response(
    request: HttpRequest, field_file, *, content_type: str, filename: str, inline: bool = False
) -> HttpResponse:
    if settings.PRIVATE_MEDIA_ACCEL_REDIRECT:
        response = HttpResponse()
        response["X-Accel-Redirect"] = (
            settings.PRIVATE_MEDIA_ACCEL_REDIRECT.rstrip("/") + "/" + field_file.name
        )
        return _secure(response, content_type=content_type, filename=filename, inline=inline)
    size = field_file.size
    match = _RANGE.match(request.headers.get("Range", ""))
    if not match or match.groups() == ("", ""):
        response = FileResponse(field_file.open("rb"))
        response["Content-Length"] = str(size)
        return _secure(response, content_type=content_type, filename=filename, inline=inline)
    first, last = match.groups()
    if first == "":  # the last N bytes
        start, end = max(size - int(last), 0), size - 1
    else:
        start, end = int(first), min(int(last) if last else size - 1, size - 1)
    if start >= size or start > end:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    handle = field_file.open("rb")
    handle.seek(start)
    response = FileResponse(_limited(handle, end - start + 1), status=206)
    response["Content-Length"] = str(end - start + 1)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    return _secure(response, content_type=content_type, filename=filename, inline=inline)


def _limited(handle, remaining: int, chunk_size: int = 64 * 1024):
    try:
        while remaining > 0:
            chunk = handle.read(min(chunk_size, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        handle.close()
