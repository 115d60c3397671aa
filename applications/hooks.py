"""Checks other apps add to submission without applications importing them: integrity sits
above applications in the dependency order (DESIGN §2), so it registers its own check here."""

from collections.abc import Callable

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
