"""Load test: gunicorn + PostgreSQL + Redis + a Celery worker on loopback, driven by locust.

    .venv/bin/python bench/load.py [--users 16] [--seconds 60] [--enforce-targets]

Creates (and afterwards drops) the database `congress_load` on the local PostgreSQL, migrates
it and loads the demo data, starts gunicorn (3 workers, as the Dockerfile does) and a worker,
then runs bench/locustfile.py headless: district staff reading pages, correcting 20 members'
records at once and entering progress reports on a congress. Reports requests per second,
p50/p95 and failures against the targets (≥ 100 requests/s, p95 < 150 ms, zero 5xx), the CPU
each kind of process used and the machine's speed (a fixed hash, timed before and after), and
checks consistency afterwards: every accepted write has its audit row, the members' version
counters grew by exactly the accepted corrections, and every progress report sent left one
entry. Exits non-zero on any 5xx or inconsistency (and, with --enforce-targets, on a missed
target).
"""

import argparse
import csv
import hashlib
import os
import re
import resource
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil  # locust's own dependency

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.executable).parent
POSTGRES = os.environ.get("LOAD_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("LOAD_REDIS", "redis://127.0.0.1:6379/14")


def out(text):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def run(command, env, **kwargs):
    return subprocess.run(command, env=env, cwd=ROOT, check=True, **kwargs)


def django_value(env, code):
    """Evaluate `code` (which prints) in a Django shell against the load database."""
    result = run(
        [sys.executable, "manage.py", "shell", "-c", code], env, capture_output=True, text=True
    )
    return result.stdout.strip().splitlines()[-1]


STATE = """
from audit.models import AuditEvent
from congresses.models import ProgressEntry
from organizations.models import Member
members = [int(pk) for pk in "{members}".split(",")]
keys = [str(pk) for pk in members]
print(sum(Member.objects.filter(pk__in=members).values_list("version", flat=True)),
      AuditEvent.objects.filter(action="member.updated", target_id__in=keys).count(),
      ProgressEntry.objects.filter(congress={congress}).count(),
      AuditEvent.objects.filter(action="congress.progress_recorded",
                                target_id="{congress}").count())
"""


def reference_seconds():
    """The machine's speed at the time: PBKDF2-SHA256 with Django's 1,000,000 iterations (a
    sign-in's password hash), best of three on an idle core. Runs of the same code on the same
    kind of machine differed by a third in throughput; this tells a slow machine from slow
    code."""
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        hashlib.pbkdf2_hmac("sha256", b"reference", b"salt", 1_000_000)
        timings.append(time.perf_counter() - started)
    return min(timings)


def cpu_seconds(processes):
    """User + system CPU seconds of each live process: gunicorn's and the worker's process
    trees, and every PostgreSQL process (backends live on: CONN_MAX_AGE)."""
    found = {}
    for name, process in processes.items():
        try:
            tree = psutil.Process(process.pid)
            members = [tree, *tree.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
        found.update({member.pid: name for member in members})
    for member in psutil.process_iter(["name"]):
        if member.info["name"] in ("postgres", "postmaster"):
            found[member.pid] = "PostgreSQL"
    seconds = {}
    for pid, name in found.items():
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.NoSuchProcess:
            continue
        seconds[pid] = (name, times.user + times.system)
    return seconds


def cpu_used(before, after):
    """CPU seconds per kind of process between two cpu_seconds() readings."""
    used = {}
    for pid, (name, seconds) in after.items():
        used[name] = used.get(name, 0.0) + seconds - before.get(pid, (name, 0.0))[1]
    return used


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=3)  # as the Dockerfile runs it
    parser.add_argument("--database", default="congress_load")
    parser.add_argument("--enforce-targets", action="store_true")
    arguments = parser.parse_args()

    database_url = f"{POSTGRES}/{arguments.database}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": REDIS,
        # One cache for gunicorn and the worker, as in docker-compose.yml (another database
        # than the broker's and the test suite's).
        "CACHE_URL": REDIS.rsplit("/", 1)[0] + "/13",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": str(ROOT / "var" / "load-media"),
    }
    env.pop("REQUIRE_BROWSER", None)
    admin = f"{POSTGRES}/postgres"
    run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {arguments.database}"], env)
    run(["psql", admin, "-qc", f"CREATE DATABASE {arguments.database}"], env)
    processes = []
    try:
        started = time.perf_counter()
        run([sys.executable, "manage.py", "migrate", "-v0"], env)
        run([sys.executable, "manage.py", "seed_demo"], env, stdout=subprocess.DEVNULL)
        targets = django_value(
            env,
            "from organizations.models import Organization, Member; "
            "from congresses.models import Congress; "
            "d = Organization.objects.get(code='HN-TH'); "
            "c = Congress.objects.get(organization__code='HN-TH-P07', term__name='2020–2025'); "
            "m = Member.objects.filter(org_path__startswith=Organization.objects.get("
            "code='HN-TH-P07').path).order_by('pk').values_list('pk', flat=True)[:20]; "
            "print(','.join(str(x) for x in [d.pk, c.pk, *m]))",
        )
        _district, congress, members = targets.split(",", 2)
        state = STATE.format(members=members, congress=congress)
        before = [int(x) for x in django_value(env, state).split()]
        out(f"database ready in {time.perf_counter() - started:.0f} s")
        reference_before = reference_seconds()

        worker = subprocess.Popen(
            [
                str(VENV / "celery"),
                "-A",
                "congress_admin",
                "worker",
                "--concurrency",
                "1",
                "--loglevel",
                "WARNING",
            ],
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        processes.append(worker)
        server = subprocess.Popen(
            [
                str(VENV / "gunicorn"),
                "congress_admin.wsgi",
                "--bind",
                f"127.0.0.1:{arguments.port}",
                "--workers",
                str(arguments.workers),
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        processes.append(server)
        host = f"http://127.0.0.1:{arguments.port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{host}/health/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        counts = ROOT / "var" / "load-counts.txt"
        counts.parent.mkdir(exist_ok=True)
        prefix = ROOT / "var" / "load"
        watched = {"gunicorn": server, "worker": worker}
        cpu_before = cpu_seconds(watched)
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run(
            [str(VENV / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
             "-u", str(arguments.users), "-r", str(arguments.users),
             "-t", f"{arguments.seconds}s", "--host", host, "--csv", str(prefix),
             # At the end, users finish the task under way: a write killed in flight would
             # be saved by the server but never counted by the client.
             "--stop-timeout", "10s",
             "--only-summary", "--loglevel", "WARNING"],
            {**env, "LOAD_TARGETS": targets, "LOAD_COUNTS": str(counts)},
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = cpu_used(cpu_before, cpu_seconds(watched))
        cpu["locust"] = sum(
            getattr(children_after, field) - getattr(children_before, field)
            for field in ("ru_utime", "ru_stime")
        )
        reference_after = reference_seconds()
        accepted, refused, progress = (int(x) for x in counts.read_text().split())
        after = [int(x) for x in django_value(env, state).split()]
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {arguments.database}"], env)

    with open(f"{prefix}_stats.csv") as file:
        rows = {row["Name"]: row for row in csv.DictReader(file)}
    total = rows["Aggregated"]
    rate = float(total["Requests/s"])
    p50, p95 = float(total["50%"]), float(total["95%"])
    with open(f"{prefix}_failures.csv") as file:
        failures = list(csv.DictReader(file))
    server_errors = sum(
        int(row["Occurrences"]) for row in failures if re.search(r"\b5\d\d\b", row["Error"])
    )
    versions_grew, audits_grew, entries_grew, progress_audits_grew = (
        a - b for a, b in zip(after, before, strict=True)
    )
    out(f"{arguments.users} users, {arguments.seconds} s: {total['Request Count']} requests, "
        f"{rate:.1f} requests/s (target ≥ 100), p50 {p50:.0f} ms, p95 {p95:.0f} ms "
        f"(target < 150 ms), {total['Failure Count']} failures, {server_errors} 5xx "
        "(target 0)")  # fmt: skip
    requests = int(total["Request Count"])
    server_cpu = cpu["gunicorn"] + cpu.get("PostgreSQL", 0.0)
    out(
        "CPU during the run: "
        + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in sorted(cpu.items()))
        + f"; gunicorn + PostgreSQL {server_cpu / max(requests, 1) * 1000:.1f} ms per request"
    )
    out(
        "machine speed: PBKDF2-SHA256 x 1,000,000 took "
        f"{reference_before * 1000:.0f} ms before the run, {reference_after * 1000:.0f} ms after"
    )
    for name, row in sorted(rows.items()):
        if name != "Aggregated":
            out(f"  {name}: {row['Request Count']} requests, p50 {row['50%']} ms, "
                f"p95 {row['95%']} ms")  # fmt: skip
    out(f"writes: {accepted} accepted, {refused} refused as stale; versions +{versions_grew}, "
        f"audit rows +{audits_grew}")  # fmt: skip
    out(f"progress reports: {progress} sent; entries +{entries_grew}, audit rows "
        f"+{progress_audits_grew}")  # fmt: skip
    consistent = (
        versions_grew == accepted == audits_grew
        and progress == entries_grew == progress_audits_grew
    )
    out(
        "consistency: "
        + ("every accepted write is counted and audited" if consistent else "BROKEN")
    )
    missed = rate < 100 or p95 >= 150
    if server_errors or not consistent or int(total["Failure Count"]):
        sys.exit(1)
    if arguments.enforce_targets and missed:
        sys.exit(2)


if __name__ == "__main__":
    main()
