"""Enqueueing Celery work so that a broker outage never undoes or breaks the change that
caused it: the task is sent after commit, and a failure to send is logged, not raised. A
periodic sweep picks up whatever was not sent."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, **kwargs) -> None:
    def send() -> None:
        try:
            # Nobody waits for the result: leaving the result backend out keeps a Redis outage
            # from breaking it for the rest of the process's life.
            task.apply_async(kwargs=kwargs, ignore_result=True)
        except Exception:  # the broker may be down: the periodic sweep retries later
            logger.exception(
                "Could not enqueue %s(%s); the periodic sweep will retry", task.name, kwargs
            )

    transaction.on_commit(send)
