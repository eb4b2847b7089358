"""bench/asof_pages.py runs: on a tiny seeded city it builds the 2020 wave (congresses with
their histories, groups, directives, documents, follow-ups, ratings, campaigns) and every dated
page answers 200 for a district and a city user, today and on a past date, with the queries of
one request counted (the figures of docs/benchmarks.md come from the 450,000-member run)."""

import importlib.util
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
PAGES = 14  # the dated pages of bench/asof_pages.dated_pages


def _load_benchmark():
    spec = importlib.util.spec_from_file_location("asof_pages", ROOT / "bench" / "asof_pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_the_dated_pages_benchmark_runs_clean(settings, capsys):
    call_command(
        "seed_scale", districts=2, grassroots=3, cells=6, members=40, root_code="TINY", verbosity=0
    )
    benchmark = _load_benchmark()
    rows = benchmark.main(["--repeat", "0", "--root-code", "TINY", "--past", "15/06/2020"])
    output = capsys.readouterr().out
    assert "congresses of 2020–2025: 12 created" in output
    assert len(rows) == 2 * PAGES * 2
    assert {(label, date) for label, _page, date, _queries in rows} == {
        (label, date)
        for label in ("district staff", "city staff")
        for date in ("today", "15/06/2020")
    }
    assert all(0 < queries < 20 for *_rest, queries in rows)
    # A second run finds the rows made and creates nothing.
    benchmark.build_city(benchmark.Organization.objects.get(code="TINY"))
    assert "0 created" in capsys.readouterr().out
