"""The one Celery application: configured from Django settings, tasks autodiscovered."""

import os
from pathlib import Path

from celery import Celery, bootsteps

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bij1_recruit.settings")

# DjangoTask gives every task ``delay_on_commit``: services enqueue work only once the
# transaction that caused it has committed.
app = Celery("bij1_recruit", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _ensure_filesystem_broker_folders() -> None:
    options = app.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


if str(app.conf.broker_url).startswith("filesystem://"):
    _ensure_filesystem_broker_folders()


class RequireSecretKey(bootsteps.Step):
    """The worker refuses to start without a SECRET_KEY (a signal handler's error would only be
    logged; a failing boot step stops the worker)."""

    def __init__(self, worker, **kwargs):
        from bij1_recruit.startup import require_secret_key

        require_secret_key()
        super().__init__(worker, **kwargs)


app.steps["worker"].add(RequireSecretKey)
