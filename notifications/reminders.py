"""Reminders are computed from the data on every sweep: each app registers rules that say
which notices are due now. Because a rule looks at today's deadlines, a moved deadline simply
moves its reminders, and the outbox's unique key keeps a notice from being queued twice."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models


@dataclass(frozen=True)
class DueNotice:
    kind: str
    recipient: str
    language: str
    template: str
    target: models.Model
    due_date: date  # the day the notice is for: part of the unique key
    context: dict = field(default_factory=dict)


ReminderRule = Callable[[datetime], Iterable[DueNotice]]
_rules: dict[str, ReminderRule] = {}


def register_reminder(name: str, rule: ReminderRule) -> None:
    _rules[name] = rule


def registered_reminders() -> dict[str, ReminderRule]:
    return dict(_rules)
