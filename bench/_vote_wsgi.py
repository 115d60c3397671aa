"""The project's WSGI application plus one bare endpoint, for bench/vote_cast.py only: the bare
endpoint INSERTs one row with Django's database connection and answers, nothing else (no
middleware, no session, no template), so the benchmark can compare casting a ballot with the
least a request that writes to PostgreSQL can cost on this machine."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bij1_recruit.settings")

from django.db import close_old_connections, connection

from bij1_recruit.wsgi import application as django_application


def application(environ, start_response):
    if environ.get("PATH_INFO") != "/bare-insert/":
        return django_application(environ, start_response)
    close_old_connections()
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_bare_insert (note) VALUES (%s)", ["x"])
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
