"""The results roll-up of R-RP-02 over a subtree, as of a date: the grouped queries against the
same figures counted one ballot at a time in Python."""

import datetime

import pytest

from congresses.models import Term
from personnel.models import Ballot
from personnel.rollup import results_rollup, slates_by_level

pytestmark = pytest.mark.django_db


def counted_by_hand(organization, term, as_of):
    """{level: (ballots, seats, candidates, elected, unfilled, beaten, excess sum)} over the
    committee ballots voted by `as_of`, one ballot at a time."""
    figures = {}
    ballots = Ballot.objects.in_subtree(organization).filter(kind="committee", congress__term=term)
    for ballot in ballots.select_related("congress"):
        rounds = [r for r in ballot.rounds.all() if r.held_on <= as_of]
        if not rounds:
            continue
        elected = {vote.candidate_id for r in rounds for vote in r.votes.all() if vote.is_elected}
        candidates = list(ballot.candidates.all())
        beaten = sum(1 for c in candidates if c.is_incumbent and c.pk not in elected)
        row = figures.setdefault(ballot.congress.level, [0, 0, 0, 0, 0, 0, 0.0])
        for index, value in enumerate(
            (
                1,
                ballot.seats,
                len(candidates),
                len(elected),
                max(ballot.seats - len(elected), 0),
                beaten,
                (len(candidates) - ballot.seats) / ballot.seats,
            )
        ):
            row[index] += value
    return figures


@pytest.mark.parametrize("as_of", [datetime.date(2020, 6, 1), datetime.date(2020, 12, 31)])
def test_the_slates_by_level_match_a_count_ballot_by_ballot(demo, as_of):
    term = Term.objects.get(name="2020–2025")
    tay_ho = demo["HN-TH"]
    expected = counted_by_hand(tay_ho, term, as_of)
    rows = slates_by_level(organization=tay_ho, term=term, as_of=as_of)

    if as_of.month == 12:
        assert expected, "the demo has committee elections in Tây Hồ by the end of 2020"
    assert {
        row["level"]: [
            row["ballots"],
            row["seat_count"],
            row["candidates"],
            row["elected"],
            row["unfilled"],
            row["incumbents_not_reelected"],
            pytest.approx(row["average_excess"] * row["ballots"]),
        ]
        for row in rows
    } == expected


def test_the_rollup_adds_the_levels_and_says_its_date(demo, django_assert_max_num_queries):
    term = Term.objects.get(name="2020–2025")
    as_of = datetime.date(2020, 12, 31)
    # Seven grouped queries, one per registered provider (the quick reports), and the term's
    # rule pack (R-WV-14's age reference dates per organization kind), and the tree's moves
    # (read once for the whole roll-up: the subtree as it stood on the date).
    with django_assert_max_num_queries(10):
        rollup = results_rollup(organization=demo["HN-TH"], term=term, as_of=as_of)

    assert rollup["as_of"] == as_of
    totals = rollup["totals"]
    for key in ("planned", "held", "elected", "reelected", "unfilled"):
        assert totals[key] == sum(row[key] for row in rollup["rows"])
    district = next(row for row in rollup["rows"] if row["level"] == demo["HN-TH"].depth)
    # Tây Hồ 2020 (seeds): 39 elected to the district committee, 33 of them re-elected.
    assert (district["elected"], district["reelected"], district["first_time"]) == (39, 33, 6)
    assert str(district["reelected_share"]) == "84.62"


def test_before_the_wave_nothing_is_elected(demo):
    term = Term.objects.get(name="2020–2025")
    rollup = results_rollup(
        organization=demo["HN-TH"], term=term, as_of=datetime.date(2019, 12, 31)
    )

    assert rollup["totals"]["elected"] == 0
    assert rollup["totals"]["reelected_share"] is None
    assert rollup["totals"]["average_excess"] is None


def rollup_table(page):
    """The results roll-up's table of a results page."""
    return page.split('id="results-rollup"', 1)[1].split("</table>", 1)[0]


def test_the_page_rolls_up_as_of_the_date_asked(client, demo):
    from django.urls import reverse

    from tests.factories import UserFactory

    term = Term.objects.get(name="2020–2025")
    client.force_login(UserFactory(scope=demo["HN-TH"], role="leader"))
    url = reverse("personnel:election-results", args=[demo["HN-TH"].pk])

    page = client.get(url, {"term": term.pk, "as_of": "31/12/2020"}).content.decode()
    assert 'id="results-rollup"' in page
    # The roll-up's table alone: the committee plans below it print the 33 planned too.
    assert "33 (84,62 %)" in rollup_table(page)  # the district committee: 33 of 39 re-elected
    early = client.get(url, {"term": term.pk, "as_of": "01/01/2020"}).content.decode()
    assert "33 (84,62 %)" not in rollup_table(early)
    wrong = client.get(url, {"term": term.pk, "as_of": "31/02/2020"})
    assert wrong.status_code == 200
    assert "Không đọc được ngày" in wrong.content.decode()


def test_the_pdf_and_the_excel_print_the_same_rollup(demo):
    from django.utils import timezone
    from openpyxl import load_workbook

    from reports import services
    from reports.choices import FileFormat, ReportKind
    from reports.models import ReportJob
    from tests.pdf import pdf_text

    def job(file_format):
        return ReportJob(
            kind=ReportKind.RESULTS_ROLLUP,
            organization=demo["HN-TH"],
            parameters={"term": "2020-2025", "as_of": "2020-12-31"},
            language="vi",
            file_format=file_format,
            created_at=timezone.now(),
        )

    text = " ".join(pdf_text(services.build_pdf(job(FileFormat.PDF))).split())
    assert "KẾT QUẢ ĐẠI HỘI" in text
    assert "33 (84,62 %)" in text
    data, _fingerprint = services.build_document(job(FileFormat.XLSX))
    import io

    # The workbook holds the count and its share apart: 33, then 84,62 % as a number.
    pairs = [
        (row[n].value, row[n + 1].value, row[n + 1].number_format)
        for sheet in load_workbook(io.BytesIO(data)).worksheets
        for row in sheet.iter_rows()
        for n in range(len(row) - 1)
    ]
    assert (33, pytest.approx(0.8462), "0.00%") in pairs


def test_the_rollup_counts_the_regular_congresses_only(demo):
    """Issue 15, item 6: a congress of another occasion (here an extraordinary one) is
    counted apart, not in the wave's results."""
    from congresses.models import Congress

    term = Term.objects.get(name="2020–2025")
    tay_ho = demo["HN-TH"]
    as_of = datetime.date(2020, 12, 31)
    before = slates_by_level(organization=tay_ho, term=term, as_of=as_of)
    voted = Ballot.objects.in_subtree(tay_ho).filter(
        kind="committee", congress__term=term, rounds__held_on__lte=as_of
    )
    congress = voted.select_related("congress")[0].congress
    Congress.objects.filter(pk=congress.pk).update(occasion="extraordinary")

    after = slates_by_level(organization=tay_ho, term=term, as_of=as_of)

    moved = voted.filter(congress=congress).distinct().count()
    level = {row["level"]: row for row in before}[congress.level]
    remaining = {row["level"]: row for row in after}.get(congress.level, {"ballots": 0})
    assert remaining["ballots"] == level["ballots"] - moved
    assert moved >= 1
