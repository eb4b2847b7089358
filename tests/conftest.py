import os
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid

import pytest
from django.conf import settings

from congress_admin.celery import app as celery_app

# Set by `./dev test` for its PostgreSQL + Redis pass (and so under CI): there a services test
# that cannot reach its services fails instead of skipping.
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"

# Password hashing is deliberately slow; the tests create hundreds of users.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _scanned_once(method):
    """WhiteNoise's `method` (a scan of the static files into `self.files`) run once per test
    process: every test client builds its own middleware chain, and the scan of ~190 files
    took half the time of a permission-matrix case. The static files do not change during a
    run; a server process builds its middleware once, so this is for the tests alone."""
    found = {}

    def scan(self, *args, **kwargs):
        if self.autorefresh:  # nothing is scanned up front then
            return method(self, *args, **kwargs)
        key = (args, tuple(sorted(kwargs.items())))
        if key not in found:
            # What the scan writes, apart: it may overwrite entries of an earlier scan.
            kept, self.files = self.files, {}
            try:
                method(self, *args, **kwargs)
                found[key] = self.files
            finally:
                self.files = kept
        self.files.update(found[key])
        return None

    return scan


@pytest.fixture(scope="session", autouse=True)
def static_files_scanned_once():
    from whitenoise.middleware import WhiteNoiseMiddleware

    with pytest.MonkeyPatch.context() as patch:
        for name in ("add_files", "add_files_from_finders"):
            patch.setattr(
                WhiteNoiseMiddleware, name, _scanned_once(getattr(WhiteNoiseMiddleware, name))
            )
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the subtree figures of cities are cached)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory):
    """Report and document files of the whole run go to one temporary folder, shared with the
    test worker (and with module-scoped fixtures, which run before any per-test override)."""
    from django.test import override_settings

    root = tmp_path_factory.getbasetemp() / "media"
    with override_settings(MEDIA_ROOT=root):
        yield root


@pytest.fixture(autouse=True)
def eager_celery_unless_services(request):
    """Tests run tasks in process, as the embedded profile does, except those marked
    `services`, which go through Redis to a real worker."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = request.node.get_closest_marker("services") is None
    yield
    celery_app.conf.task_always_eager = previous


def _reachable(url, default_port):
    parts = urllib.parse.urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port or default_port), timeout=2).close()
    except OSError:
        return False
    return True


def _require(condition, reason):
    if condition:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"services run required but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def worker_factory(django_db_setup, tmp_path_factory):
    """Starts real Celery worker processes on Redis, reading the PostgreSQL test database, each
    in its own process group (so a test can SIGKILL one with its children); stops them all at
    the end. `start(**environment)` adds environment variables to the worker's."""
    broker = settings.CELERY_BROKER_URL
    database = settings.DATABASES["default"]
    _require(
        bool(broker) and database["ENGINE"] == "django.db.backends.postgresql",
        "needs PostgreSQL (DATABASE_URL) and Redis (CELERY_BROKER_URL); `./dev test` sets them",
    )
    _require(_reachable(broker, 6379), f"Redis is not reachable at {broker}")

    queue = f"congress-test-{uuid.uuid4().hex[:8]}"
    credentials = database["USER"] or ""
    if database["PASSWORD"]:
        credentials += ":" + urllib.parse.quote(database["PASSWORD"])
    test_database_url = (
        f"postgres://{credentials}@{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}"
        f"/{database['NAME']}"
    )
    media = tmp_path_factory.getbasetemp() / "media"
    workers = []

    def start(queue_name=None, **extra):
        worker_queue = queue_name or queue
        log_path = tmp_path_factory.getbasetemp() / f"worker-{len(workers)}.log"
        environment = {
            **os.environ,
            "DATABASE_URL": test_database_url,
            "CELERY_BROKER_URL": broker,
            "CELERY_TASK_DEFAULT_QUEUE": worker_queue,
            "MEDIA_ROOT": str(media),
            "CONN_MAX_AGE": "0",
            **extra,
        }
        with open(log_path, "wb") as log:
            worker = subprocess.Popen(
                [
                    sys.executable, "-m", "celery", "-A", "congress_admin", "worker",
                    "--concurrency", "1", "--queues", worker_queue,
                    "--hostname", f"{worker_queue}-{len(workers)}@%h",
                    "--without-gossip", "--without-mingle", "--loglevel", "INFO",
                ],
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=settings.BASE_DIR,
                start_new_session=True,
            )  # fmt: skip
        workers.append(worker)
        celery_app.conf.task_default_queue = worker_queue
        deadline = time.monotonic() + 60
        while "ready." not in log_path.read_text(errors="replace"):
            if worker.poll() is not None or time.monotonic() > deadline:
                worker.kill()
                pytest.fail(
                    "the Celery worker did not start:\n" + log_path.read_text(errors="replace")
                )
            time.sleep(0.2)
        return worker, log_path

    yield start
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()


@pytest.fixture(scope="session")
def services_worker(worker_factory):
    """One real worker for the services tests."""
    return worker_factory()


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


# What seed_demo wrote the first time `demo` ran in this test process, by database alias: the
# whole content of every table it changed. The next modules write those rows again instead of
# seeding anew: the same rows, ~13 s of CPU less each (about a dozen modules use the demo).
_seeded_demo = {}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data (seed_demo), seeded once per module in a transaction rolled back at its
    end; the organizations of the two top levels by code. The first module of the run seeds
    it; the next ones get the same rows back (`_seeded_demo`), and the test of seed_demo
    itself (tests/test_demo.py) runs the command again on top of them."""
    import io

    from django.core.management import call_command
    from django.db import connection, transaction

    from organizations.models import Organization

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            tables = connection.introspection.django_table_names(
                only_existing=True, include_views=False
            )
            seeded = _seeded_demo.get(connection.alias)
            if seeded is None:
                before = _table_contents(connection, tables)
                # Without Quận 9's 40-page uploaded political report: rendering it would slow
                # every module using the demo (tests/reports/test_congress_file.py builds it
                # small).
                call_command("seed_demo", "--without-uploads", stdout=io.StringIO())
                after = _table_contents(connection, tables)
                seeded = {table: after[table] for table in tables if after[table] != before[table]}
                _seeded_demo[connection.alias] = seeded
            else:
                _write_tables(connection, seeded)
                assert _table_contents(connection, seeded) == seeded
            yield {org.code: org for org in Organization.objects.filter(depth__lte=2)}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def tree(db):
    """Hà Nội with two districts and one ward: own / child / sibling / parent positions."""
    from tests.factories import OrganizationFactory

    city = OrganizationFactory(code="HN", name="Đảng bộ thành phố Hà Nội")
    tay_ho = OrganizationFactory(code="HN-TH", name="Đảng bộ quận Tây Hồ", parent=city)
    xuan_la = OrganizationFactory(code="HN-TH-P07", name="Đảng bộ phường Xuân La", parent=tay_ho)
    long_bien = OrganizationFactory(code="HN-LB", name="Đảng bộ quận Long Biên", parent=city)
    return {"city": city, "tay_ho": tay_ho, "xuan_la": xuan_la, "long_bien": long_bien}


@pytest.fixture
def two_desks(tree):
    """Two browsers (test clients) of two Tây Hồ staff, for "two people at once" tests."""
    from django.test import Client

    from tests.factories import UserFactory

    desks = []
    for _ in range(2):
        client = Client()
        client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
        desks.append(client)
    return desks
