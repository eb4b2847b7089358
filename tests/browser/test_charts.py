"""The dashboard's SVG charts as the browser draws them, under Bootstrap's stylesheet."""

import pytest
from django.urls import reverse

from congresses import charts
from congresses.models import Term
from organizations.models import Organization
from tests.browser.conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The bars' track in SVG units: the chart's width less the labels, their gap and the figures.
TRACK_UNITS = 640 - (charts.LABEL_WIDTH + 10) - charts.VALUE_WIDTH

# (held, planned) of Tây Hồ's organizations directly below in the demo's 2020–2025 term, as of
# 20/02/2020 (the seeds' date: cells mostly held, the grassroots congresses and pilots to come;
# by August 2020 every one was held, R-WV-01).
AS_OF = "20/02/2020"
KNOWN = {
    "Đảng bộ phường Xuân La": (22, 23),
    "Đảng bộ phường Yên Phụ": (8, 23),
    "Đảng bộ Cơ quan Quận": (0, 6),
    "Chi bộ Kho bạc Nhà nước quận": (0, 1),
}

MEASURE = """() => {
  const svg = document.querySelector("#by-child").closest(".row").querySelector("svg");
  const width = svg.getBoundingClientRect().width;
  const rows = [...svg.querySelectorAll("g.chart-row")].map((row) => ({
    title: row.querySelector("title").textContent,
    planned: row.querySelector("rect.chart-planned").getBoundingClientRect().width,
    held: row.querySelector("rect.chart-held").getBoundingClientRect().width,
  }));
  const table = [...document.querySelectorAll("#by-child tbody tr")].map((tr) => ({
    name: tr.cells[0].textContent.trim(),
    planned: Number(tr.cells[1].textContent),
    held: Number(tr.cells[2].textContent),
  }));
  return {width, rows, table};
}"""


def test_dashboard_bars_are_as_long_as_their_figures(page, demo_site):
    """Bootstrap's `.row > * {width: 100%}` once drew every bar full ('0 / 26' a full red bar)."""
    tay_ho = Organization.objects.get(code="HN-TH")
    term = Term.objects.get(name="2020–2025")
    sign_in(page, demo_site, "canbo.tayho")
    url = reverse("congresses:wave-dashboard", args=[tay_ho.pk])
    page.goto(f"{demo_site}{url}?term={term.pk}&as_of={AS_OF}")

    drawn = page.evaluate(MEASURE)

    track = drawn["width"] * TRACK_UNITS / 640
    assert track > 100
    table = drawn["table"]
    assert len(drawn["rows"]) == len(table) > len(KNOWN)
    figures = {row["name"]: (row["held"], row["planned"]) for row in table}
    assert {name: figures[name] for name in KNOWN} == KNOWN
    largest = max(max(row["held"], row["planned"]) for row in table)
    for bars, row in zip(drawn["rows"], table, strict=True):
        assert bars["title"].startswith(row["name"] + ":")
        assert bars["planned"] == pytest.approx(track * row["planned"] / largest, abs=1)
        assert bars["held"] == pytest.approx(track * row["held"] / largest, abs=1)
    held = {row["name"]: bars["held"] for bars, row in zip(drawn["rows"], table, strict=True)}
    assert held["Đảng bộ Cơ quan Quận"] < 1
    assert held["Đảng bộ phường Yên Phụ"] == pytest.approx(track * 8 / 23, abs=1)
