"""Project-level pages that draw on several apps: the home page and the health check."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.selectors import worker_last_seen


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    # The vacancies app fills this list once it exists; until then the page shows its empty state.
    return render(request, "home.html", {"vacancies": []})


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and compose health checks: is the database reachable, and when did a
    Celery worker last run the periodic heartbeat?"""
    try:
        connection.ensure_connection()
        database_ok = True
    except Exception:
        database_ok = False
    last_seen = worker_last_seen() if database_ok else None
    return JsonResponse(
        {
            "database": "ok" if database_ok else "unavailable",
            "worker_last_seen": last_seen.isoformat() if last_seen else None,
        },
        status=200 if database_ok else 503,
    )
