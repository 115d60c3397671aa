"""The order the demo data loads in: each app's data may rely on what the apps before it
seeded (the members before the vacancies they apply to, the applications before the committee
that reviews them, the advised candidates before the ALV that votes on them)."""

from importlib import import_module

SEEDERS = ("members", "vacancies", "applications", "review", "voting")


def seeders():
    """Each module's ``seed(stdout=...)``, in loading order."""
    return [import_module(f"demo.{name}").seed for name in SEEDERS]
