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


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data (seed_demo), seeded once per module in a transaction rolled back at its
    end; the organizations of the two top levels by code. The first use in the test process
    runs seed_demo; the next get the same rows back (tests/demo_data.py), and the test of
    seed_demo itself (tests/test_demo.py) runs the command again on top of them."""
    from django.db import transaction

    from organizations.models import Organization
    from tests.demo_data import load_demo

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo()
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
