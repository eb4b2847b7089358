"""The demo data of the tests: seed_demo runs once per test process; what it wrote is then
written back (the same rows) wherever the tests ask for the demo again.

seed_demo costs ~13 s of CPU and about a dozen test modules and every browser test use the
demo: the first use keeps the whole content of every table seed_demo changed, the next ones
empty those tables and write the rows again, then check they read back exactly that.
"""

import io

from django.core.management import call_command
from django.db import connection, transaction


def _table_contents(connection, tables):
    """Every row of `tables` in primary-key order, as the database gives them back: on
    PostgreSQL one JSON text per table (json_populate_recordset reads it back, whatever the
    column types), elsewhere (columns, rows)."""
    contents = {}
    with connection.cursor() as cursor:
        for table in tables:
            name = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                cursor.execute(f"SELECT * FROM {name} LIMIT 0")
                first = connection.ops.quote_name(cursor.description[0][0])
                cursor.execute(
                    f"SELECT coalesce(json_agg(t ORDER BY t.{first}), '[]')::text FROM {name} t"
                )
                contents[table] = cursor.fetchone()[0]
            else:
                # `+column` is the stored value itself, not its declared type's Python object
                # (the SQLite driver converts dates and times; a time does not go back).
                columns = [row[1] for row in cursor.execute(f"PRAGMA table_info({name})")]
                listed = ", ".join(f"+{connection.ops.quote_name(column)}" for column in columns)
                cursor.execute(f"SELECT {listed} FROM {name} ORDER BY 1")
                contents[table] = (columns, cursor.fetchall())
    return contents


def _write_tables(connection, contents):
    """Each table of `contents` emptied and filled with its rows again (the foreign keys are
    deferred: checked at a commit, which the demo's transaction never makes); on PostgreSQL
    the sequences then follow the rows written, as after inserting them one by one."""
    from django.apps import apps
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for table, content in contents.items():
            name = connection.ops.quote_name(table)
            cursor.execute(f"DELETE FROM {name}")
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"INSERT INTO {name} SELECT * FROM json_populate_recordset(NULL::{name}, %s)",
                    [content],
                )
            elif content[1]:
                columns, rows = content
                cursor.executemany(
                    f"INSERT INTO {name} ({', '.join(map(connection.ops.quote_name, columns))}) "
                    f"VALUES ({', '.join(['%s'] * len(columns))})",
                    rows,
                )
        models = [
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.db_table in contents
        ]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")  # as seed_demo does: planner statistics for the rows


# What seed_demo wrote the first time in this test process, by database alias: the whole
# content of every table it changed.
_seeded_demo = {}


def load_demo():
    """The demo (seed_demo --without-uploads) in the database, in one transaction: seeded the
    first time, its rows written back after. Without Quận 9's 40-page uploaded political
    report: rendering it would slow every use (tests/reports/test_congress_file.py builds it
    small)."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with transaction.atomic():
        seeded = _seeded_demo.get(connection.alias)
        if seeded is None:
            before = _table_contents(connection, tables)
            call_command("seed_demo", "--without-uploads", stdout=io.StringIO())
            after = _table_contents(connection, tables)
            seeded = {table: after[table] for table in tables if after[table] != before[table]}
            _seeded_demo[connection.alias] = seeded
        else:
            _write_tables(connection, seeded)
            assert _table_contents(connection, seeded) == seeded
