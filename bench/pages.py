"""Server time and query count of the organization pages, and import throughput, at scale.

    DATABASE_URL=... .venv/bin/python bench/pages.py [--repeat 30] [--root-code SCALE]
        [--import-members 10000]

Runs on a city seeded by `seed_scale`. Pages are requested in process through Django's test
client (the whole middleware, view and template stack; no network), as a district staff user
granted the first district and as a city leader granted the root: p50/p95 over --repeat
requests after one warm-up, and the queries of one request; the root's page also with its
cached figures stale and missing, and beat's warming task timed. Then imports a generated
workbook of --import-members new members into the district's first cells (the real web import
path: read, plan, apply in one transaction) and reports rows/s; the database is left with
those members (use a throwaway database).
"""

import argparse
import datetime
import io
import math
import os
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_admin.settings")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from organizations import figure_cache, spreadsheets  # noqa: E402
from organizations.models import Member, Organization, RoleGrant  # noqa: E402


def out(text=""):
    sys.stdout.write(f"{text}\n")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1)]


def user_with_grant(username, role, organization):
    user, _created = get_user_model().objects.get_or_create(username=username)
    RoleGrant.objects.get_or_create(user=user, role=role, organization=organization)
    return user


def time_page(client, url, repeat, before=lambda: None):
    """p50, p95 (ms) and the queries of one request; `before()` runs untimed before each."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    queries = []
    before()
    # Counted with an execute wrapper: Django resets its query log at each request start.
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        client.get(url)
    timings = []
    for _ in range(repeat):
        before()
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return statistics.median(timings), percentile(timings, 0.95), len(queries)


def high_figures(root, repeat):
    """The root's organization page in the three states of its cached figures
    (organizations/figure_cache.py), and the beat task that keeps them fresh."""
    client = Client()
    client.force_login(user_with_grant("bench.leader", "leader", root))
    url = reverse("organizations:organization-detail", args=[root.pk])
    key = figure_cache.cache_key(
        "organizations.statistics.count_subtree_figures",
        root,
        {"as_of": timezone.localdate().isoformat()},
    )
    queued = []

    def make_stale():
        entry = cache.get(key)
        entry["computed_at"] -= datetime.timedelta(seconds=settings.STATS_CACHE_SECONDS + 1)
        cache.set(key, entry)
        cache.delete(f"{key}:recounting")

    states = (
        ("fresh (cached)", lambda: None),
        ("stale (recount queued to a worker)", make_stale),
        ("missing (counted in the request)", lambda: cache.delete(key)),
    )
    # A worker would take the queued recount; here it is only recorded.
    with mock.patch(
        "organizations.tasks.recount_figures_task.delay", lambda *args: queued.append(args)
    ):
        for label, before in states:
            p50, p95, queries = time_page(client, url, repeat, before)
            out(f"root page, {label:34s} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {queries} queries")
    assert len(queued) == repeat + 1, len(queued)  # one per stale request
    timings = []
    for _ in range(max(3, repeat // 5)):
        started = time.perf_counter()
        stored = figure_cache.warm_high_figures()
        timings.append((time.perf_counter() - started) * 1000)
    out(
        f"beat's warm_high_figures ({stored} figures, off the request): "
        f"p50 {statistics.median(timings):.0f} ms, max {max(timings):.0f} ms"
    )


def members_workbook(cells, count, prefix):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    sheet = workbook.create_sheet("Đảng viên")
    sheet.append(
        ["Mã", "Họ và tên", "Giới tính", "Ngày sinh", "Dân tộc", "Mã tổ chức", "Ngày vào Đảng",
         "Ngày chính thức"]
    )  # fmt: skip
    for number in range(count):
        sheet.append(
            [
                f"{prefix}{number:06d}",
                f"Trần Thị Bình {number}",
                "Nữ" if number % 2 else "Nam",
                datetime.date(1950 + number % 35, 1 + number % 12, 1 + number % 28),
                "Kinh",
                cells[number % len(cells)],
                "15/06/2005",
                datetime.date(2006, 6, 16),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--root-code", default="SCALE")
    parser.add_argument("--import-members", type=int, default=10_000)
    options = parser.parse_args()

    root = Organization.objects.get(code=options.root_code)
    district = Organization.objects.in_subtree(root).filter(depth=root.depth + 1).first()
    settings.ALLOWED_HOSTS = ["testserver"]
    vendor = connection.vendor
    out(f"{vendor} · {Member.objects.count():,} members · district {district.code}")

    cases = [
        ("district staff", user_with_grant("bench.staff", "staff", district), district),
        ("city leader", user_with_grant("bench.leader", "leader", root), root),
    ]
    for label, user, organization in cases:
        client = Client()
        client.force_login(user)
        pages = (
            ("organization page", "organizations:organization-detail", [organization.pk]),
            ("member list", "organizations:member-list", [organization.pk]),
            ("tree list", "organizations:organization-list", []),
        )
        for page, name, args in pages:
            url = reverse(name, args=args)
            p50, p95, queries = time_page(client, url, options.repeat)
            out(f"{label:15s} {page:18s} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {queries} queries")

    high_figures(root, options.repeat)

    if options.import_members:
        cells = list(
            Organization.objects.in_subtree(district)
            .filter(kind__holds_members=True)
            .values_list("code", flat=True)[:50]
        )
        data = members_workbook(cells, options.import_members, prefix=f"BENCH{int(time.time())}-")
        started = time.perf_counter()
        workbook = spreadsheets.read_workbook(source=data, name="bench.xlsx")
        with transaction.atomic():
            plan = spreadsheets.plan_import(workbook=workbook, user=None, lock=True)
            assert plan.is_valid, [str(error) for error in plan.errors[:5]]
            spreadsheets.apply_plan(plan=plan, actor=None)
        elapsed = time.perf_counter() - started
        out(
            f"import of {options.import_members:,} new members: {elapsed:.1f} s, "
            f"{options.import_members / elapsed:,.0f} rows/s"
        )


if __name__ == "__main__":
    main()
