"""Database helpers that are not about one app."""

from django.db import connection


def refresh_statistics(*models) -> None:
    """Have PostgreSQL re-read the size and spread of these tables after a bulk load.

    Autovacuum does this eventually; until it does, the planner believes a freshly imported
    table is nearly empty and may choose nested loops that turn a sub-second conflict sweep
    into minutes (measured with bench/conflicts.py). SQLite needs nothing.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
