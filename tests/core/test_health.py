import pytest

from core.services import heartbeat_record


@pytest.mark.django_db
def test_health_reports_database_and_no_worker_yet(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "worker_last_seen": None}


@pytest.mark.django_db
def test_health_reports_when_the_worker_last_ran(client):
    beat_at = heartbeat_record()

    body = client.get("/health/").json()

    assert body["worker_last_seen"] == beat_at.isoformat()


def test_favicon_points_at_the_static_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response.url == "/static/favicon.svg"
