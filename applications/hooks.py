"""Checks other apps add to submission without applications importing them: integrity sits
above applications in the dependency order (docs/architecture.md), so it registers its own
check here."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from core.retention import period

SubmissionCheck = Callable[["Application"], list[str]]  # noqa: F821 - documentation only
_submission_checks: list[SubmissionCheck] = []


def register_submission_check(check: SubmissionCheck) -> SubmissionCheck:
    if check not in _submission_checks:
        _submission_checks.append(check)
    return check


def registered_submission_problems(application) -> list[str]:
    return [problem for check in _submission_checks for problem in check(application)]


# Notices other apps want the applicant to read before sending, as dicts with "severity"
# (a code), "label" (translated) and "text". Integrity registers the rules the applicant's
# positions touch.
SubmissionNotices = Callable[["Application"], list[dict]]  # noqa: F821 - documentation only
_notice_providers: list[SubmissionNotices] = []


def register_submission_notices(provider: SubmissionNotices) -> SubmissionNotices:
    if provider not in _notice_providers:
        _notice_providers.append(provider)
    return provider


def submission_notices(application) -> list[dict]:
    return [notice for provider in _notice_providers for notice in provider(application)]


# Work other apps start when an application is sent, called inside the submitting transaction
# (so they should enqueue on commit, not do slow work): integrity starts its conflict check.
AfterSubmit = Callable[["Application"], None]  # noqa: F821 - documentation only
_after_submit: list[AfterSubmit] = []


def register_after_submit(callback: AfterSubmit) -> AfterSubmit:
    if callback not in _after_submit:
        _after_submit.append(callback)
    return callback


def run_after_submit(application) -> None:
    for callback in _after_submit:
        callback(application)


# Links other apps add to the applicant's page of one application, as (label, url) pairs:
# integrity lets the applicant name committee members they know.
ApplicationLinks = Callable[["Application"], list[tuple[str, str]]]  # noqa: F821
_link_providers: list[ApplicationLinks] = []


def register_application_links(provider: ApplicationLinks) -> ApplicationLinks:
    if provider not in _link_providers:
        _link_providers.append(provider)
    return provider


def application_links(application) -> list[tuple[str, str]]:
    return [link for provider in _link_providers for link in provider(application)]


# Work other apps do when an application is withdrawn, inside the same transaction: review
# moves those behind a withdrawn candidate up the concept list.
AfterWithdraw = Callable[["Application"], None]  # noqa: F821 - documentation only
_after_withdraw: list[AfterWithdraw] = []


def register_after_withdraw(callback: AfterWithdraw) -> AfterWithdraw:
    if callback not in _after_withdraw:
        _after_withdraw.append(callback)
    return callback


def run_after_withdraw(application) -> None:
    for callback in _after_withdraw:
        callback(application)


# Legal holds: apps above applications say which applications must stay, in part, when their
# applicant is erased or their retention ends (a candidate on a list the ALV adopted or voted
# on), and which of their own rows about an application are part of that record. A finder
# takes application ids and returns {application id: [Hold, ...]}.
@dataclass(frozen=True)
class Hold:
    ground: str  # a key of core.retention.PERIODS
    reason: str  # what the record is, in the reader's language ("Plaats 3 op de lijst …")
    since: datetime  # the moment the period counts from

    @property
    def until(self) -> datetime:
        return self.since + period(self.ground)


HoldFinder = Callable[[list[int]], dict[int, list[Hold]]]
_hold_finders: list[HoldFinder] = []
_kept_under_hold: set[type] = set()


def register_hold_finder(finder: HoldFinder, *, keeps: tuple[type, ...] = ()) -> HoldFinder:
    """``keeps``: the finder's models that refer to an application and are part of the
    record (the list's entry, the ALV's challenge); every other row about a held application
    is deleted with the rest of its data."""
    if finder not in _hold_finders:
        _hold_finders.append(finder)
    _kept_under_hold.update(keeps)
    return finder


def holds_for(application_ids: list[int]) -> dict[int, list[Hold]]:
    found: dict[int, list[Hold]] = defaultdict(list)
    for finder in _hold_finders:
        for application_id, holds in finder(list(application_ids)).items():
            found[application_id].extend(holds)
    return dict(found)


def kept_under_hold() -> frozenset[type]:
    return frozenset(_kept_under_hold)


# When a record's hold ends but the ALV's minutes still point at it, the application loses
# the person's name; apps that copied the name (a ballot's option label) blot theirs out.
RecordEnd = Callable[[list[int]], None]
_record_end: list[RecordEnd] = []


def register_record_end(callback: RecordEnd) -> RecordEnd:
    if callback not in _record_end:
        _record_end.append(callback)
    return callback


def run_record_end(application_ids: list[int]) -> None:
    for callback in _record_end:
        callback(application_ids)


# Checks other apps add before a person's first draft for a vacancy is made (and before the
# form is shown to start one): review refuses anyone who sits on the committee judging it.
# A check returns the reasons to refuse, translated. When called inside the transaction that
# makes the draft, a check may take locks that hold until it commits.
StartCheck = Callable[..., list[str]]  # check(*, vacancy, applicant) -> list[str]
_start_checks: list[StartCheck] = []


def register_start_check(check: StartCheck) -> StartCheck:
    if check not in _start_checks:
        _start_checks.append(check)
    return check


def registered_start_problems(*, vacancy, applicant) -> list[str]:
    return [
        problem
        for check in _start_checks
        for problem in check(vacancy=vacancy, applicant=applicant)
    ]
