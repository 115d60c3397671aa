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


@csrf_exempt
def bare_signed_in_insert(request):
    """The same, for a signed-in member: the session and the user are loaded first."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_bare_insert (note) VALUES (%s)", [str(request.user.pk)])
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bare-insert/", bare_insert),
    path("bare-signed-in-insert/", bare_signed_in_insert),
    path("", include("bij1_recruit.urls")),
]
