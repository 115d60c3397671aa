"""Database helpers that are not about one app."""

from collections.abc import Sequence

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


def fetchone_hot(sql: str, params: Sequence, *, before: Sequence[tuple[str, Sequence]] = ()):
    """The first row of a statement that runs hundreds of times a minute (casting a vote).

    On PostgreSQL it runs as a prepared statement (planned once per connection, where Django's
    client-side binding would plan it every time), and the ``before`` statements go in the
    same network round trip (a pipeline: each still runs, and takes its snapshot, after the
    one before it finished). Elsewhere the statements simply run one after the other. It takes
    part in the current transaction either way.
    """
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            for statement, values in before:
                cursor.execute(statement, values)
            cursor.execute(sql, params)
            return cursor.fetchone()
    import psycopg

    # As Django's own cursors: a connection that broke since the last request is replaced, and
    # a failure is raised as Django's error and marks the connection for closing.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    with connection.wrap_database_errors, psycopg.Cursor(raw) as cursor:
        if not before:
            cursor.execute(sql, params, prepare=True)
            return cursor.fetchone()
        with raw.pipeline():
            for statement, values in before:
                cursor.execute(statement, values, prepare=True)
            cursor.execute(sql, params, prepare=True)
            return cursor.fetchone()
