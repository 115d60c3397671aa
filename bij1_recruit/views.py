"""Project-level pages: the health check and the favicon browsers ask for."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.selectors import worker_last_seen


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and compose health checks: is the database reachable, and when did a
    Celery worker last run the periodic heartbeat?"""
    try:
        connection.ensure_connection()
        database_ok = True
    except Exception:  # any failure to connect means "not healthy"
        database_ok = False
    last_seen = worker_last_seen() if database_ok else None
    return JsonResponse(
        {
            "database": "ok" if database_ok else "unavailable",
            "worker_last_seen": last_seen.isoformat() if last_seen else None,
        },
        status=200 if database_ok else 503,
    )


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    # Resolved per request: the hashed static name only exists once collectstatic has run.
    return redirect(static("favicon.svg"), permanent=True)
