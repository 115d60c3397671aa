"""The project's WSGI application with one extra URL, for bench/vote_cast.py only: a bare
Django view that INSERTs one row and answers (through the same middleware as every page), so
the benchmark can compare casting a ballot with the least a Django request that writes to
PostgreSQL costs on this machine."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bij1_recruit.settings")

from django.conf import settings

settings.ROOT_URLCONF = "bench._vote_urls"

from bij1_recruit.wsgi import application  # noqa: E402

__all__ = ["application"]
