"""Server time and queries of the congress-wave dashboard on a city seeded by `seed_scale`.

    DATABASE_URL=... .venv/bin/python bench/dashboard.py [--root-code SCALE] [--repeat 10]

Plans the 2025–2030 term for the whole city once (27,531 congresses, timed), then requests the
dashboard of the first district and of the city root in process, as a leader granted each:
p50 and max over 10 requests, and the queries of one request. Leaves the plan and two users
in the database: use the throwaway benchmark database.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_admin.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from congresses import services  # noqa: E402
from congresses.models import Congress, Term  # noqa: E402
from organizations.models import Organization, RoleGrant  # noqa: E402


def out(text):
    sys.stdout.write(f"{text}\n")


def main():
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--root-code", default="SCALE")
    parser.add_argument("--repeat", type=int, default=10)
    arguments = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver"]
    term = Term.objects.get(name="2025–2030")
    root = Organization.objects.get(code=arguments.root_code)
    if not Congress.objects.filter(term=term).exists():
        started = time.perf_counter()
        planned = services.create_term_plan(term=term, root=root, actor=None)
        out(f"planned {planned} congresses in {time.perf_counter() - started:.1f} s")
        if connection.vendor == "postgresql":
            # As autovacuum would shortly: without statistics on the new rows the planner
            # takes the whole wave for one row (a 1.5 s nested loop for the groups' figures).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE congresses_congress")
    district = Organization.objects.in_subtree(root).filter(depth=2).first()
    for label, organization in (("district", district), ("city", root)):
        user, _created = get_user_model().objects.get_or_create(username=f"dash.{label}")
        RoleGrant.objects.get_or_create(user=user, role="leader", organization=organization)
        client = Client()
        client.force_login(user)
        url = reverse("congresses:wave-dashboard", args=[organization.pk]) + f"?term={term.pk}"
        assert client.get(url).status_code == 200
        queries = []

        def count(execute, sql, *args, queries=queries):
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            client.get(url)
        timings = []
        for _ in range(arguments.repeat):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        out(
            f"{connection.vendor} {label}: p50 {statistics.median(timings):.0f} ms, "
            f"p95 {p95:.0f} ms, max {max(timings):.0f} ms, {len(queries)} queries"
        )


if __name__ == "__main__":
    main()
