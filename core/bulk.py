"""Set-based bulk writes for imports: many rows in a few statements, not one per row.

Django's `bulk_create` and `bulk_update` compile every row into expressions (bulk_update a
CASE WHEN per field and row), and SQLite's backend caps a batch at 999 parameters; at a
city's size that is most of an import's time (docs/benchmarks.md). Here the rows go to the
database as plain values: with COPY on PostgreSQL (psycopg 3's `cursor.copy`), with
`executemany` elsewhere; an update goes through a temporary staging table and one
`UPDATE ... FROM`. No model signals are sent (bulk_create sends none either). Both must run
inside the caller's transaction.
"""

from django.db import connection, transaction


def _require_transaction():
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk writes must run inside the change's transaction")


def _row(instance, fields, *, add):
    return [
        field.get_db_prep_save(
            field.pre_save(instance, add) if add else getattr(instance, field.attname),
            connection,
        )
        for field in fields
    ]


def _write(cursor, table, columns, rows):
    """Insert `rows` (lists of database values) into `table`'s `columns`."""
    names = ", ".join(columns)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(rows))


def insert_rows(model, instances):
    """INSERT `instances` of `model` (every concrete field but an automatic primary key,
    `auto_now` and `auto_now_add` filled as save() fills them). Their primary keys are not
    set: read them back by a unique field if they are needed."""
    _require_transaction()
    meta = model._meta
    fields = [
        field for field in meta.concrete_fields if not (field.primary_key and field.db_returning)
    ]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        _write(
            cursor,
            quote(meta.db_table),
            [quote(field.column) for field in fields],
            (_row(instance, fields, add=True) for instance in instances),
        )


def update_rows(model, instances, field_names):
    """UPDATE the fields `field_names` of `instances` (matched by primary key) to the values
    the instances hold: staged in a temporary table, then one UPDATE ... FROM."""
    _require_transaction()
    if not instances:
        return
    meta = model._meta
    fields = [meta.pk] + [meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    table, stage = quote(meta.db_table), quote(f"stage_{meta.db_table}")
    columns = [quote(field.column) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {stage} AS SELECT {', '.join(columns)} FROM {table} "
            "WHERE 1 = 0"
        )
        _write(cursor, stage, columns, (_row(i, fields, add=False) for i in instances))
        assignments = ", ".join(f"{column} = {stage}.{column}" for column in columns[1:])
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM {stage} "
            f"WHERE {table}.{columns[0]} = {stage}.{columns[0]}"
        )
        cursor.execute(f"DROP TABLE {stage}")
