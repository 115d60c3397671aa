import pytest
from django.utils.dateparse import parse_datetime

from core.models import WorkerHeartbeat
from core.selectors import worker_last_seen
from core.tasks import record_worker_heartbeat


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_heartbeat_round_trip_through_a_real_worker_on_redis(celery_worker_queue):
    result = record_worker_heartbeat.apply_async(queue=celery_worker_queue)

    returned = parse_datetime(result.get(timeout=60))

    heartbeat = WorkerHeartbeat.objects.get()
    assert heartbeat.last_beat_at == returned
    assert heartbeat.beats == 1
    assert worker_last_seen() == returned


def test_beat_schedule_runs_the_heartbeat_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["worker-heartbeat"]
    assert entry["task"] == record_worker_heartbeat.name
    assert entry["schedule"] == 60.0
