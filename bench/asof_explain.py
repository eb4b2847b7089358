"""The database side of the dated pages (`bench/asof_pages.py`): EXPLAIN ANALYZE of each query.

    DATABASE_URL=postgres://... .venv/bin/python bench/asof_explain.py [--scope city]
        [--page "rating grid, members"] [--past 15/06/2020] [--plans 5]

On a city `bench/asof_pages.py` has already given its wave (PostgreSQL only). Each page is
requested once to warm the caches as a repeated request would find them, then once more with
its queries captured (`connection.execute_wrapper`); each SELECT of that request is run again
under `EXPLAIN (ANALYZE, BUFFERS)`. Prints the queries and the sum of their execution times
(the server's, which a loaded machine inflates far less than wall time), and the plan of any
query over --plans ms. What the issue-15 paragraphs of docs/benchmarks.md quote.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_admin.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.asof_pages import TERM, _children, dated_pages  # noqa: E402
from bench.pages import out, user_with_grant  # noqa: E402
from congresses.models import Term  # noqa: E402
from organizations.models import Organization  # noqa: E402


def captured(client, url):
    """The (sql, params) of one request to `url`, after one request to warm the caches."""
    assert client.get(url).status_code == 200, url
    queries = []

    def keep(execute, sql, params, many, context):
        queries.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return queries


def explained(sql, params):
    """(execution ms, plan text) of one SELECT under EXPLAIN ANALYZE."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        lines = [row[0] for row in cursor.fetchall()]
    total = next(float(line.split()[2]) for line in lines if line.startswith("Execution Time"))
    return total, "\n".join(lines)


def report(label, queries, plans_over):
    total = 0.0
    out(f"== {label}: {len(queries)} queries")
    for number, (sql, params) in enumerate(queries, 1):
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            out(f"  {number:2d}  (not a SELECT) {sql[:100]}")
            continue
        ms, plan = explained(sql, params)
        total += ms
        out(f"  {number:2d} {ms:8.2f} ms  {sql[:150]}")
        if ms > plans_over:
            out("      " + sql)
            out("      params " + repr(params)[:300])
            out("\n".join("      | " + line for line in plan.splitlines()))
    out(f"   sum {total:.2f} ms")
    return total


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--scope", choices=("district", "city", "both"), default="both")
    parser.add_argument("--page", action="append", help="page names of asof_pages (repeatable)")
    parser.add_argument("--past", default="15/06/2020")
    parser.add_argument("--when", choices=("today", "past", "both"), default="both")
    parser.add_argument("--plans", type=float, default=5.0, help="print plans over this many ms")
    parser.add_argument("--root-code", default="SCALE")
    options = parser.parse_args(argv)
    settings.ALLOWED_HOSTS = ["testserver"]
    root = Organization.objects.get(code=options.root_code)
    term = Term.objects.get(name=TERM)
    district = _children(root)[0]
    cases = []
    if options.scope in ("district", "both"):
        user = user_with_grant("bench.asof.district", "staff", district)
        cases.append(("district", user, district))
    if options.scope in ("city", "both"):
        cases.append(("city", user_with_grant("bench.asof.city", "staff", root), root))
    dates = [("today", ""), ("past", f"as_of={options.past}")]
    dates = [d for d in dates if options.when in ("both", d[0])]
    summary = []
    for scope, user, organization in cases:
        client = Client()
        client.force_login(user)
        for page, url in dated_pages(organization, term):
            if options.page and page not in options.page:
                continue
            for date_label, query in dates:
                joined = f"{url}{'&' if '?' in url else '?'}{query}" if query else url
                queries = captured(client, joined)
                total = report(f"{scope} {page} {date_label}", queries, options.plans)
                summary.append((scope, page, date_label, len(queries), total))
    out("\nscope     page                     date    queries  sum of execution ms")
    for scope, page, date_label, count, total in summary:
        out(f"{scope:9s} {page:24s} {date_label:7s} {count:7d}  {total:8.2f}")


if __name__ == "__main__":
    main()
