"""Server time and query count of the subtree statistics on a city seeded by `seed_scale`.

    DATABASE_URL=... .venv/bin/python bench/subtree_stats.py [--repeat 50] [--root-code SCALE]

Times member_statistics, ethnicity_counts and kind_counts (and the three together, what the
organization page computes) for one district and for the whole city: p50/p95 over --repeat
calls after one warm-up call, and the number of queries of each. Then prints the query plan
of member_statistics for the district (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on
SQLite) and says whether it is a range scan on that index; on PostgreSQL it also times the
same SQL with COUNT(*) in place of COUNT(id), which lets the plan be an index-only scan.
"""

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_admin.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from organizations import statistics as subtree  # noqa: E402
from organizations.models import Member, Organization  # noqa: E402

STATS_INDEX = "member_subtree_stats"


def out(text=""):
    sys.stdout.write(f"{text}\n")


def percentile(values, fraction):
    """Nearest-rank percentile of `values`."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]


def measure(call, repeat):
    """(p50 ms, p95 ms, queries) of `call` after one warm-up call."""
    with CaptureQueriesContext(connection) as queries:
        call()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), percentile(timings, 0.95), len(queries)


def page_statistics(organization, as_of):
    """What the organization page is built from: the three subtree aggregates."""
    stats = subtree.member_statistics(organization, as_of=as_of)
    subtree.ethnicity_counts(organization)
    subtree.kind_counts(organization)
    return stats


def captured_sql(call):
    with CaptureQueriesContext(connection) as queries:
        call()
    (query,) = queries.captured_queries
    return query["sql"]


def explain(sql):
    """The plan of `sql` as text lines, and whether it reads the member table by an index."""
    table = Member._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            lines = [row[0] for row in cursor.fetchall()]
            text = "\n".join(lines)
            seq_scan = f"Seq Scan on {table}" in text
            index_scan = STATS_INDEX in text and "Index" in text
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            lines = [row[-1] for row in cursor.fetchall()]
            text = "\n".join(lines)
            seq_scan = any(line.startswith(f"SCAN {table}") for line in lines)
            index_scan = STATS_INDEX in text
    return lines, index_scan and not seq_scan


def raw_timing(sql, repeat):
    """(p50 ms, p95 ms) of `sql` run on a cursor, without the ORM."""
    timings = []
    with connection.cursor() as cursor:
        cursor.execute(sql)
        cursor.fetchall()
        for _ in range(repeat):
            started = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), percentile(timings, 0.95)


def compare_count_star(sql, repeat):
    """On PostgreSQL (before 18) COUNT(id) reads `id` from the heap: the covering index
    member_subtree_stats does not hold it. COUNT(*) counts the same rows from the index alone."""
    column = f'COUNT("{Member._meta.db_table}"."{Member._meta.pk.column}")'
    star = sql.replace(column, "COUNT(*)")
    out()
    out("member_statistics for the district, raw SQL as generated vs with COUNT(*):")
    out()
    for label, variant in (("as generated, COUNT(id)", sql), ("COUNT(*)", star)):
        p50, p95 = raw_timing(variant, repeat)
        lines, _uses_index = explain(variant)
        scans = [
            line.strip().removeprefix("->").strip().split("  (")[0]
            for line in lines
            if "Scan" in line
        ]
        out(f"    {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms; {' / '.join(scans)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--root-code", default="SCALE")
    parser.add_argument("--district-code", help="default: the first district of the root")
    args = parser.parse_args()

    root = Organization.objects.filter(code=args.root_code).first()
    if root is None:
        sys.exit(f"No organization {args.root_code}: run `manage.py seed_scale` first.")
    if args.district_code:
        district = Organization.objects.get(code=args.district_code)
    else:
        district = Organization.objects.get_first_child(root)
    as_of = timezone.localdate()

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
    else:
        import sqlite3

        version = f"SQLite {sqlite3.sqlite_version}"
    out(f"{version}, {os.cpu_count()} cores, as of {as_of}, {args.repeat} calls per figure")
    out()
    out("| scope | members | organizations | function | p50 ms | p95 ms | queries |")
    out("|---|---:|---:|---|---:|---:|---:|")
    for label, organization in (("district", district), ("city", root)):
        members = Member.objects.in_subtree(organization).count()
        organizations = Organization.objects.in_subtree(organization).count()
        calls = (
            (
                "member_statistics",
                lambda o=organization: subtree.member_statistics(o, as_of=as_of),
            ),
            ("ethnicity_counts", lambda o=organization: subtree.ethnicity_counts(o)),
            ("kind_counts", lambda o=organization: subtree.kind_counts(o)),
            ("all three (page)", lambda o=organization: page_statistics(o, as_of)),
        )
        for name, call in calls:
            p50, p95, queries = measure(call, args.repeat)
            out(
                f"| {label} {organization.code} | {members:,} | {organizations:,} | {name} "
                f"| {p50:.1f} | {p95:.1f} | {queries} |"
            )

    for label, organization in (("district", district), ("city", root)):
        sql = captured_sql(lambda o=organization: subtree.member_statistics(o, as_of=as_of))
        lines, uses_index = explain(sql)
        out()
        out(f"Plan of member_statistics for the {label} {organization.code}:")
        out()
        for line in lines:
            out(f"    {line}")
        out()
        verdict = "a range scan on the index" if uses_index else "NOT a range scan on the index"
        out(f"=> {label}: {verdict} {STATS_INDEX}")
        share = Member.objects.in_subtree(organization).count() / max(Member.objects.count(), 1)
        if not uses_index and share > 0.5:
            out(
                f"   (the range holds {share:.0%} of the member table: reading the whole table "
                "is the cheaper plan, not a missing index)"
            )
        if label == "district" and connection.vendor == "postgresql":
            compare_count_star(sql, args.repeat)


if __name__ == "__main__":
    main()
