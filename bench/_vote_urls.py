"""The project's URLs plus one bare Django view, for bench/vote_cast.py only."""

from django.db import connection
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def bare_insert(request):
    """A Django view (the same middleware as every page) that only INSERTs one row."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_bare_insert (note) VALUES (%s)", ["x"])
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bare-insert/", bare_insert),
    path("", include("bij1_recruit.urls")),
]
