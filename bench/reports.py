"""Render times and memory of the report catalogue on a tree seeded by `seed_scale`.

    DATABASE_URL=... .venv/bin/python bench/reports.py [--district-code CODE] [--repeat 5]
        [--city-code SCALE]

For a district (default: the first district of the root RPT, seeded if missing with
`seed_scale --districts 1 --grassroots 25 --cells 250 --members 5000 --root-code RPT`, and its
2025–2030 term planned): the congress summary's total time as a worker spends it (data, HTML,
PDF), the share of that spent gathering data, and our pages per second against a plain
WeasyPrint render of the very same HTML. With --city-code: the congress summary of the whole
city rendered in a child process, its time and peak memory (ru_maxrss). Uses the throwaway
benchmark database.
"""

import argparse
import io
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_admin.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.utils import timezone, translation  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from congresses import services as congress_services  # noqa: E402
from congresses.models import Congress, Term  # noqa: E402
from organizations.models import Organization  # noqa: E402
from reports.kinds import KINDS, build_context  # noqa: E402
from reports.models import ReportJob  # noqa: E402
from reports.services import _full_context, build_document  # noqa: E402

TERM = "2025–2030"
# The base URL reports.rendering.html_to_pdf gives WeasyPrint.
STATIC = str(Path(__file__).resolve().parent.parent / "static")


def out(text):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def ensure_district(code):
    if code:
        return Organization.objects.get(code=code)
    if not Organization.objects.filter(code="RPT").exists():
        started = time.perf_counter()
        call_command(
            "seed_scale", "--districts", "1", "--grassroots", "25", "--cells", "250",
            "--members", "5000", "--root-code", "RPT", stdout=io.StringIO(),
        )  # fmt: skip
        out(f"seeded RPT in {time.perf_counter() - started:.1f} s")
    root = Organization.objects.get(code="RPT")
    return Organization.objects.in_subtree(root).filter(depth=root.depth + 1).first()


def ensure_plan(organization, term):
    if not Congress.objects.filter(term=term).in_subtree(organization).exists():
        congress_services.create_term_plan(term=term, root=organization, actor=None)


def job_for(organization):
    return ReportJob(
        kind="congress-summary",
        organization=organization,
        parameters={"term": TERM},
        language="vi",
        created_at=timezone.now(),
    )


def measure_district(district, repeat):
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    job = job_for(district)
    cells = Organization.objects.in_subtree(district).filter(kind__holds_members=True).count()
    totals, gathering, plain, warm = [], [], [], []
    kept = FontConfiguration()  # plain WeasyPrint given a font configuration kept, as ours is
    for _ in range(repeat):
        started = time.perf_counter()
        data, _digest = build_document(job)
        totals.append(time.perf_counter() - started)
        started = time.perf_counter()
        with translation.override("vi"):
            # The very HTML ours renders: with the letterhead's layout, the signature and
            # the recipients (reports.document.finish), not the kind's context alone.
            context = _full_context(job, build_context(job))
            html = render_to_string(KINDS[job.kind].template, context)
        gathering.append(time.perf_counter() - started)
        started = time.perf_counter()
        HTML(string=html, base_url=STATIC).write_pdf()
        plain.append(time.perf_counter() - started)
        started = time.perf_counter()
        HTML(string=html, base_url=STATIC).write_pdf(font_config=kept)
        warm.append(time.perf_counter() - started)
    pages = len(PdfReader(io.BytesIO(data)).pages)
    total = statistics.median(totals)
    ours = pages / total
    theirs = pages / statistics.median(plain)
    out(f"district {district.code}: {cells} cells, {pages} pages")
    out(f"  congress summary p50 {total:.2f} s (max {max(totals):.2f} s; target ≤ 5 s)")
    out(f"  data + HTML p50 {statistics.median(gathering):.2f} s")
    # Each of our renders is paired with the plain render that follows it, so a slower
    # moment of the machine weighs on both sides of a pair; the median pair is reported.
    paired = statistics.median(mine / base for mine, base in zip(totals, plain, strict=True))
    paired = 1 / paired
    out(f"  pages/s ours {ours:.2f}, plain WeasyPrint of the same HTML {theirs:.2f}: "
        f"ratio {ours / theirs:.2f}; median of the {len(totals)} paired renders "
        f"{paired:.2f} (target ≥ 0.8)")  # fmt: skip
    # The same against plain WeasyPrint given a kept FontConfiguration too (reports.rendering
    # keeps one per process): what is left of our overhead is the data and the HTML.
    warm_paired = 1 / statistics.median(m / b for m, b in zip(totals, warm, strict=True))
    out(f"  against plain WeasyPrint with a kept font configuration "
        f"{pages / statistics.median(warm):.2f} pages/s: ratio "
        f"{ours / (pages / statistics.median(warm)):.2f}; paired {warm_paired:.2f}")  # fmt: skip


def measure_city(code):
    """The city's summary in a child process: wall time and peak memory of that process."""
    script = (
        "import os, sys, time, resource; sys.path.insert(0, '.'); "
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'congress_admin.settings'); "
        "import django; django.setup(); "
        "from bench.reports import job_for; from organizations.models import Organization; "
        "from reports.services import build_document; "
        f"job = job_for(Organization.objects.get(code={code!r})); "
        "started = time.perf_counter(); data, _ = build_document(job); "
        "print(f'{time.perf_counter() - started:.2f} {len(data)}')"
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    seconds, size = result.stdout.split()
    out(f"city {code}: congress summary {seconds} s, {int(size):,} bytes, peak memory "
        f"{max(peak, before) / 1024:.0f} MiB (target < 1024 MiB)")  # fmt: skip


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--district-code")
    parser.add_argument("--city-code")
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    term = Term.objects.get(name=TERM)
    district = ensure_district(arguments.district_code)
    ensure_plan(district, term)
    measure_district(district, arguments.repeat)
    if arguments.city_code:
        city = Organization.objects.get(code=arguments.city_code)
        ensure_plan(city, term)
        measure_city(arguments.city_code)


if __name__ == "__main__":
    main()
