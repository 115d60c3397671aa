"""The project's WSGI application plus one bare endpoint, for bench/upload.py only: the bare
endpoint reads the request body and writes it to disk in chunks, nothing else, so the
benchmark can compare Django's upload path with the cost of merely receiving the bytes."""

import os
import tempfile

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bij1_recruit.settings")

from bij1_recruit.wsgi import application as django_application

CHUNK = 64 * 1024


def application(environ, start_response):
    if environ.get("PATH_INFO") != "/bare-upload/":
        return django_application(environ, start_response)
    remaining = int(environ.get("CONTENT_LENGTH") or 0)
    stream = environ["wsgi.input"]
    with tempfile.NamedTemporaryFile(dir=os.environ.get("VAR_DIR")) as target:
        while remaining > 0:
            chunk = stream.read(min(CHUNK, remaining))
            if not chunk:
                break
            target.write(chunk)
            remaining -= len(chunk)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
