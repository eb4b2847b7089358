"""Set-based bulk writes for imports: many rows in a few statements, not one per row.

Django's `bulk_create` and `bulk_update` compile every row into expressions (bulk_update a
CASE WHEN per field and row), and SQLite's backend caps a batch at 999 parameters; at a
city's size that is most of an import's time (docs/benchmarks.md). Here the rows go to the
database as plain values: with COPY on PostgreSQL (psycopg 3's `cursor.copy`), with
`executemany` elsewhere; an update goes through a temporary staging table and one
`UPDATE ... FROM`. Each column's conversion to the database's value is chosen once per call,
not asked of Django's field per value (that was most of an import's write time). No model
signals are sent (bulk_create sends none either). All must run inside the caller's
transaction.
"""

import contextlib
import functools
import gc
import json
import threading

from django.db import connection, transaction
from django.utils import timezone

# Fields whose Python values the drivers take as they are (strings, numbers, None).
_PLAIN = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "EmailField",
    "ForeignKey",
    "IntegerField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}


def _require_transaction():
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk writes must run inside the change's transaction")


def _converter(field):
    """A function from the field's Python value to its database value; None for "as is"."""
    internal = field.get_internal_type()
    if internal in _PLAIN or (internal == "CharField" and not field.choices):
        return None
    operations = connection.ops
    if internal == "CharField":  # a choice may be an enum member: its value
        return _text
    if internal in ("DateField", "DateTimeField") and connection.vendor == "postgresql":
        return None  # psycopg takes dates and aware times as they are (Django's adapters too)
    if internal == "DateField":
        return operations.adapt_datefield_value
    if internal == "DateTimeField":
        return operations.adapt_datetimefield_value
    if internal == "JSONField":
        return functools.partial(_json, encoder=field.encoder)
    return functools.partial(field.get_db_prep_save, connection=connection)


def _text(value):
    return value if value is None else str(value)


def _json(value, *, encoder):
    return value if value is None else json.dumps(value, cls=encoder)


def _adapted(rows, converters):
    """`rows` (sequences of Python values) with the columns that need it converted."""
    converting = [(index, convert) for index, convert in enumerate(converters) if convert]
    if not converting:
        return rows

    return _adapted_batches(rows, converting)


def _adapted_batches(rows, converting, size=10_000):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield from _adapted_batch(batch, converting)
            batch = []
    yield from _adapted_batch(batch, converting)


def _adapted_batch(rows, converting):
    """The rows with the columns that need it converted, a column at a time (map over a
    column, not a Python loop over each value of each row); values repeated in a column (a
    gender, a date) converted once."""
    if not rows:
        return []
    columns = list(zip(*rows, strict=True))
    for index, convert in converting:
        done = {}
        column = columns[index]
        try:
            columns[index] = [
                done[value] if value in done else done.setdefault(value, convert(value))
                for value in column
            ]
        except TypeError:  # an unhashable value (a JSON document): each on its own
            columns[index] = list(map(convert, column))
    return zip(*columns, strict=True)


def _write(cursor, table, columns, rows):
    """Insert `rows` (sequences of database values) into `table`'s `columns`."""
    names = ", ".join(columns)
    if connection.vendor == "postgresql":
        # psycopg's copy: the raw cursor's, or through Django's wrapper (which passes it on)
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _auto_stamped(field):
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def _insert_fields(model, names):
    """The fields `names` (names or attnames), then the auto_now(_add) ones not named."""
    by_name = {}
    for field in model._meta.concrete_fields:
        by_name[field.name] = by_name[field.attname] = field
    fields = [by_name[name] for name in names]
    stamped = [
        field
        for field in model._meta.concrete_fields
        if field not in fields and _auto_stamped(field)
    ]
    return fields, stamped


def insert_values(model, names, rows):
    """INSERT `rows` of `model`: sequences of Python values in the order of the fields
    `names` (a foreign key by its name or attname, as its primary key value). Fields with
    auto_now or auto_now_add left out get one time for the call. Their primary keys are not
    read: read them back by a unique field if they are needed."""
    _require_transaction()
    insert = _prepared(model, names, rows)
    with connection.cursor() as cursor:
        _write(cursor, insert.table, insert.columns, insert.rows)


def _prepared(model, names, rows):
    """The Insert of insert_values: its rows adapted as they are read (an iterator)."""
    fields, stamped = _insert_fields(model, names)
    rows = _adapted(rows, [_converter(field) for field in fields])
    if stamped:
        now = timezone.now()
        stamps = tuple(now if convert is None else convert(now)
                       for convert in map(_converter, stamped))  # fmt: skip
        rows = (tuple(row) + stamps for row in rows)
    quote = connection.ops.quote_name
    return Insert(
        quote(model._meta.db_table), [quote(field.column) for field in fields + stamped], rows
    )


def insert_rows(model, instances):
    """INSERT `instances` of `model` (every concrete field but an automatic primary key,
    `auto_now` and `auto_now_add` filled with one time for the call). Their primary keys are
    not set: read them back by a unique field if they are needed."""
    meta = model._meta
    fields = [
        field
        for field in meta.concrete_fields
        if not (field.primary_key and field.db_returning) and not _auto_stamped(field)
    ]
    attnames = [field.attname for field in fields]
    insert_values(
        model,
        attnames,
        ([getattr(instance, name) for name in attnames] for instance in instances),
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
    attnames = [field.attname for field in fields]
    rows = ([getattr(instance, name) for name in attnames] for instance in instances)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {stage} AS SELECT {', '.join(columns)} FROM {table} "
            "WHERE 1 = 0"
        )
        _write(cursor, stage, columns, _adapted(rows, [_converter(field) for field in fields]))
        assignments = ", ".join(f"{column} = {stage}.{column}" for column in columns[1:])
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM {stage} "
            f"WHERE {table}.{columns[0]} = {stage}.{columns[0]}"
        )
        cursor.execute(f"DROP TABLE {stage}")


def check_deferred():
    """Run now the checks the database deferred to the commit (PostgreSQL: every foreign key
    is DEFERRABLE INITIALLY DEFERRED, one queued trigger per written row), then defer again:
    called after each batch of a bulk write, the checks are spread over the batches (with
    their progress reports) instead of all run by COMMIT (2.2 s at 450,000 members, 7 s on a
    loaded machine at 100,000, without a progress update). No constraint of the schema is
    deferrable and initially immediate, so SET CONSTRAINTS ALL DEFERRED restores the
    transaction's state. A violation raises here, inside the transaction, as it would have
    raised at the commit. SQLite checks its foreign keys at the commit: nothing to do."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class Overlap:
    """Statements of the caller's transaction left running while its thread does Python work
    that needs no database (building the next batch of a bulk write). On PostgreSQL they are
    sent, in order, from a helper thread on the transaction's own connection: psycopg waits
    for the server without holding the GIL, so the server works on them on the other core
    while the caller computes. Elsewhere (SQLite, in process) they run at once. `wait()`
    returns when they are done and raises the first error, as Django would have raised it; a
    failed statement aborts the transaction, which the caller's atomic block rolls back as
    for any error. Nothing else may use the connection before `wait()` (psycopg's lock on the
    connection would make it wait for them anyway). Used as a context manager, which waits on
    leaving: for the error of a statement if the block raised none, for the thread in any case
    (so that nothing of it runs after the transaction ends)."""

    def __init__(self):
        self._thread = None
        self._error = None

    def run(self, statements):
        """Run `statements` after those before: (sql, params) pairs (Django's placeholders),
        Inserts, or functions of no argument called in turn between them (on PostgreSQL on
        the helper thread: a progress report once a statement is done)."""
        _require_transaction()
        self.wait()
        if connection.vendor != "postgresql":
            with connection.cursor() as cursor:
                for statement in statements:
                    _execute(cursor, statement)
            return
        raw = connection.connection  # psycopg's, of this thread's transaction

        def work():
            try:
                with raw.cursor() as cursor:
                    for statement in statements:
                        _execute(cursor, statement)
            except BaseException as error:  # raised by wait(), in the caller's thread
                self._error = error

        self._thread = threading.Thread(target=work, name="bulk-overlap", daemon=True)
        self._thread.start()

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if kind is None:
            self.wait()
            return
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None and isinstance(error, Exception):
            # The block's error came of the one here (a statement of the block found the
            # transaction aborted by it): this one is the cause, raised instead.
            self.wait()

    def wait(self):
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            with connection.wrap_database_errors:  # psycopg's error as Django's
                raise error


class Insert:
    """An INSERT of `rows` (database values, already adapted: see `inserted`) into `table`'s
    `columns` (quoted names), for an Overlap: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, table, columns, rows):
        self.table, self.columns, self.rows = table, columns, rows


def inserted(model, names, rows):
    """insert_values' INSERT as an Insert for an Overlap: the rows adapted now, in the
    caller's thread (a list: the helper thread only sends them)."""
    insert = _prepared(model, names, rows)
    insert.rows = list(insert.rows)
    return insert


def _execute(cursor, statement):
    """Run one statement of an Overlap on `cursor` (Django's, or psycopg's on PostgreSQL)."""
    if isinstance(statement, Insert):
        _write(cursor, statement.table, statement.columns, statement.rows)
    elif callable(statement):
        statement()
    else:
        cursor.execute(*statement)


def deferred_checks():
    """The statements of `check_deferred`, for an Overlap."""
    if connection.vendor != "postgresql":
        return []
    return [("SET CONSTRAINTS ALL IMMEDIATE", ()), ("SET CONSTRAINTS ALL DEFERRED", ())]


@contextlib.contextmanager
def cyclic_gc_paused():
    """Python's cyclic garbage collector off for the block (a context manager or decorator),
    on again after it if it was on. For a city's import: its hundreds of thousands of rows,
    planned rows and tuples, all alive to the end, made the collector run 22 full passes over
    every object of the process (15 s of 128 s at load 9, docs/benchmarks.md) while none of
    them is garbage; reference counting still frees everything that is not a cycle, and the
    few cycles left are collected afterwards. Process-wide: another thread's cycles wait too."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def stages_in_bulk():
    """Whether `staged` tables pay off here: on PostgreSQL a query per few hundred values is
    a round trip each (and its IN list built and parsed); SQLite answers IN lists in process."""
    return connection.vendor == "postgresql"


@contextlib.contextmanager
def staged(name, columns, rows):
    """A temporary table `name` with `columns` ((name, SQL type) pairs) holding `rows`
    (sequences of database values), for one set-based query joining it (a possible duplicate,
    the members a file names) instead of one query per few hundred values; dropped on
    leaving. Yields the table's quoted name. Reads of the caller's transaction see it, and
    it needs none (it writes nothing any other connection sees)."""
    quote = connection.ops.quote_name
    table = quote(f"stage_{name}")
    # Dropped by its schema-qualified name: never a permanent table of the same name.
    temporary = f"{'pg_temp' if connection.vendor == 'postgresql' else 'temp'}.{table}"
    definition = ", ".join(f"{quote(column)} {kind}" for column, kind in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {temporary}")
        cursor.execute(f"CREATE TEMPORARY TABLE {table} ({definition})")
        _write(cursor, table, [quote(column) for column, _kind in columns], rows)
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {table}")  # without statistics the planner guesses
    yield table
    # Not after an error: a failed statement may have aborted the transaction (which drops
    # the table when it rolls back); the next use drops a table left over.
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {temporary}")


def joined(queryset, stage, columns):
    """`queryset` narrowed to the rows whose `columns` (field names of its model) equal those
    of a row of the `staged` table `stage` (same column names): one EXISTS, not an IN list per
    few hundred values. The rest of the queryset (scope, locks, related rows) stays as it is."""
    meta = queryset.model._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = [quote(field(meta, name).column) for name in columns]
    matches = " AND ".join(f"{stage}.{name} = {table}.{name}" for name in names)
    return queryset.extra(where=[f"EXISTS (SELECT 1 FROM {stage} WHERE {matches})"])


def any_of(queryset, field_name, values):
    """`queryset` narrowed to the rows whose `field_name` is one of `values`: on PostgreSQL
    one array parameter (`= ANY(%s)`, quoted by psycopg at once), not one parameter per value
    prepared by Django one by one (about 9 µs each: 4 s for a city's 450,000 codes); on SQLite
    one JSON array read by `json_each`; elsewhere an IN list. For a few tens of thousands of
    values at most (a batch of a bulk write)."""
    meta = queryset.model._meta
    quote = connection.ops.quote_name
    column = f"{quote(meta.db_table)}.{quote(field(meta, field_name).column)}"
    if connection.vendor == "postgresql":
        return queryset.extra(where=[f"{column} = ANY(%s)"], params=[list(values)])
    if connection.vendor == "sqlite":  # one JSON array (values of JSON's types: text, numbers)
        return queryset.extra(
            where=[f"{column} IN (SELECT value FROM json_each(%s))"], params=[json.dumps(values)]
        )
    return queryset.filter(**{f"{field_name}__in": values})


def field(meta, name):
    """The field `name` of a model's `meta`, "pk" included."""
    return meta.pk if name == "pk" else meta.get_field(name)
