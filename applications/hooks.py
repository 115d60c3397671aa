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
