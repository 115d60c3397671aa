"""Hypothesis profiles of the fuzz tests, and the count of examples they ran.

The profiles are registered, never loaded: ``tests.hardening.fuzz.profile()`` hands them to
the fuzz tests only, so the voting method tests keep their own settings."""

import os
from collections import defaultdict

from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.hardening.fuzz import FULL_PROFILE, QUICK_PROFILE

_SLOW_IS_FINE = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
    HealthCheck.function_scoped_fixture,
]

# `make test`: a few examples per endpoint (about a hundred endpoints share its budget of about
# a minute), the same ones every run.
hypothesis_settings.register_profile(
    QUICK_PROFILE,
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=_SLOW_IS_FINE,
)
# `make fuzz`: 1,000 new examples per endpoint each run (FUZZ_EXAMPLES=N for another number,
# e.g. a shorter run that still goes to the end).
hypothesis_settings.register_profile(
    FULL_PROFILE,
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "1000")),
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=_SLOW_IS_FINE,
)

_examples: dict[str, int] = defaultdict(int)


def pytest_runtest_logreport(report):
    """Collects the counts each fuzz test reports (also from xdist workers)."""
    if report.when != "call":
        return
    for key, value in report.user_properties:
        if key == "fuzz_examples":
            name, count = value
            _examples[name] += count


def pytest_terminal_summary(terminalreporter):
    if not _examples:
        return
    write = terminalreporter.write_line
    terminalreporter.section("fuzz examples per endpoint")
    width = max(len(name) for name in _examples)
    for name in sorted(_examples):
        write(f"{name:<{width}}  {_examples[name]:>6}")
    write(f"{'total':<{width}}  {sum(_examples.values()):>6} in {len(_examples)} endpoints")
