"""The congress's own documents as the verifier of issue 19 read them in the demo's PDFs: the
committee's make-up against its targets written once, each document dated by its own day of
the congress and signed for the presidium, the people named with their unit, counted
sentences in the plural they need, the count log told the same way throughout."""

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.text import capfirst

from congress_day.choices import Body
from congress_day.models import BodyMember
from congresses import rulepacks
from congresses.models import Congress
from personnel import selectors as personnel
from personnel.models import Candidate
from reports.choices import ReportKind
from reports.kinds.common import unit_table
from reports.letterhead import letterhead

pytestmark = pytest.mark.django_db


def _q9(demo):
    return Congress.objects.get(organization=demo["HCM-Q9"], term__name="2020–2025")


def _dated(day):
    return f"ngày {day:%d} tháng {day:%m} năm {day.year}"


@pytest.fixture
def texts(demo, rendering):
    """The Vietnamese PDFs' text of Quận 9's programme, credentials and quick reports."""
    congress = _q9(demo)
    kinds = (
        ReportKind.CONGRESS_PROGRAMME,
        ReportKind.CREDENTIALS_REPORT,
        ReportKind.QUICK_REPORT,
    )
    return {
        kind: rendering.text(rendering.job(demo["HCM-Q9"], kind, congress=congress.pk))
        for kind in kinds
    }


def test_the_quick_report_gives_each_share_against_its_target_in_words(demo, texts):
    congress = _q9(demo)
    # As the document cites the rules: by their sources (R-RP-10).
    with translation.override("vi"), rulepacks.citing_sources_only():
        rows = personnel.elected_body_figures(congress)["rows"]
    targeted = [row for row in rows if row["target"] is not None]
    assert targeted
    text = texts[ReportKind.QUICK_REPORT]
    assert "R-WV-0" not in text

    for row in targeted:
        # Was "Nữ 18 46,15 %/15 %".
        assert f"{capfirst(row['label'])} {row['count']} {row['share_text']}" in text
        assert (
            f"(chỉ tiêu ≥ {personnel.format_percent(row['target'])} %; {row['rule']})"
            in row["share_text"]
        )
    assert "%/" not in text


def test_each_congress_document_is_dated_by_its_own_day_of_the_congress(demo, texts):
    congress = _q9(demo)
    assert congress.started_on
    assert congress.ended_on

    place = letterhead(demo["HCM-Q9"])["place"]

    # Were all dated the day they were made, under the national motto.
    for kind, day in (
        (ReportKind.CONGRESS_PROGRAMME, congress.started_on),
        (ReportKind.CREDENTIALS_REPORT, congress.started_on),
        (ReportKind.QUICK_REPORT, congress.ended_on),
    ):
        assert f"{place}, {_dated(day)}" in texts[kind], kind


def test_a_congress_without_a_date_yet_dates_its_programme_the_day_it_is_made(demo, rendering):
    from django.utils import timezone

    congress = _q9(demo)
    Congress.objects.filter(pk=congress.pk).update(
        started_on=None, ended_on=None, held_on=None, planned_date=None
    )
    report = rendering.job(demo["HCM-Q9"], ReportKind.CONGRESS_PROGRAMME, congress=congress.pk)

    assert rendering.context(report)["report_date_text"].endswith(_dated(timezone.localdate()))


def test_a_sessions_table_is_not_captioned_with_its_heading_again(demo, rendering):
    """Each session is a section holding one table of the same name: the name once."""
    congress = _q9(demo)
    report = rendering.job(demo["HCM-Q9"], ReportKind.CONGRESS_PROGRAMME, congress=congress.pk)

    lines = [line.strip() for line in rendering.lines(report)]

    assert "1. Phiên trù bị" in lines
    assert "2. Phiên chính thức" in lines
    assert "Phiên trù bị" not in lines  # was the table's caption under the heading
    assert "Phiên chính thức" not in lines


def test_the_programme_and_quick_report_are_signed_for_the_presidium(demo, texts, rendering):
    congress = _q9(demo)
    chair = (
        BodyMember.objects.filter(congress=congress, body=Body.PRESIDIUM)
        .select_related("member")
        .first()
    )
    assert chair is not None

    for kind in (ReportKind.CONGRESS_PROGRAMME, ReportKind.QUICK_REPORT):
        text = texts[kind]
        # Was T/M BAN THƯỜNG VỤ and the secretary elected at the end of that congress.
        assert "T/M BAN THƯỜNG VỤ" not in text, kind
        assert f"T/M ĐOÀN CHỦ TỊCH {chair.member.full_name}" in text, kind
    # The credentials committee signs its own report.
    assert "T/M BAN THẨM TRA TƯ CÁCH" in texts[ReportKind.CREDENTIALS_REPORT]

    with override_settings(REPORT_CONGRESS_SIGNER="standing_committee"):
        report = rendering.job(demo["HCM-Q9"], ReportKind.CONGRESS_PROGRAMME, congress=congress.pk)
        assert "T/M BAN THƯỜNG VỤ" in rendering.text(report)


def test_a_presidium_not_recorded_leaves_the_name_to_sign_by_hand(demo, rendering):
    congress = _q9(demo)
    BodyMember.objects.filter(congress=congress, body=Body.PRESIDIUM).delete()
    report = rendering.job(demo["HCM-Q9"], ReportKind.QUICK_REPORT, congress=congress.pk)

    with translation.override("vi"):
        from reports.document import NAME_BLANK

        signature = rendering.context(report)["signature"]
    assert signature.authority == "T/M ĐOÀN CHỦ TỊCH"
    assert signature.name == NAME_BLANK


def test_one_person_alone_in_a_table_keeps_their_unit():
    with translation.override("vi"):
        unit = "Chi bộ khu phố 1, Đảng bộ phường X"
        table = unit_table("Chi bộ", ["Họ và tên"], [["Nguyễn Văn A"]], [unit], at=1)

    # Was left out: every row (the one row) had the same unit.
    assert table.columns == ["Họ và tên", "Đơn vị"]
    assert table.rows == [["Nguyễn Văn A", unit]]
    # No unit known for anyone: no column of dashes.
    assert unit_table("T", ["N"], [["A"]], ["—"], at=1).columns == ["N"]


def test_the_demo_committee_candidates_are_members_printed_with_their_unit(demo, rendering):
    from organizations.selectors import units_of

    congress = _q9(demo)
    candidates = list(Candidate.objects.filter(ballots__congress=congress).distinct())
    # Were all person records: "—" for each of the 43 in the dossier.
    assert all(candidate.member_id for candidate in candidates)
    report = rendering.job(demo["HCM-Q9"], ReportKind.QUICK_REPORT, congress=congress.pk)
    secretary = personnel.elected_to_post(demo["HCM-Q9"], "secretary", as_of=congress.ended_on)
    member = next(c.member for c in candidates if c.full_name == secretary)
    unit = units_of([member.organization_id])[member.organization_id]

    assert f"{secretary} ({unit})" in rendering.text(report)


def test_one_more_candidate_is_said_in_the_singular(demo):
    congress = _q9(demo)
    with translation.override("en"):
        messages = personnel.slate_messages(
            kind="standing_committee", seats=13, candidates=14, term=congress.term
        )
    texts = [message.text for message in messages]

    # Was "1 more candidates".
    assert any("has 1 more candidate than the 13 seats" in text for text in texts), texts


def test_the_congress_file_finds_the_count_log_on_the_congress_day(demo, rendering):
    from personnel.models import TallyEntry
    from personnel.tally.chain import digest
    from reports.kinds import congress_file

    congress = _q9(demo)
    entries = list(TallyEntry.objects.filter(congress=congress).order_by("sequence"))
    assert entries
    # Entered on the congress day, the chain intact over the new times.
    assert {entry.created_at.date() for entry in entries} == {congress.ended_on}
    assert all(entry.hash == digest(entry) for entry in entries)
    job = rendering.job(
        demo["HCM-Q9"], ReportKind.CONGRESS_FILE, congress=congress.pk, as_of=congress.ended_on
    )

    with translation.override("vi"):
        sections = congress_file.minutes_context(job, "Biên bản kiểm phiếu")["sections"]
    log = sections[-1].paragraphs[-1]

    # Was "Chưa có kết quả kiểm phiếu nào được nhập…" beside the quick report's mismatch.
    assert f" {len(entries)} " in log
    assert entries[-1].hash in log
