"""Issue 19, item 8: the staff's text of the congress summary (assessment, strengths,
shortcomings, lessons, proposals) printed between the summary's tables with its placeholders
filled from the tables' figures; the pilots and directives named; the working group's
difficulties in its report."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext, override

from audit.models import AuditEvent
from congresses.models import Congress, ProgressEntry, Term, WorkingGroup
from core.editing import StaleEditError
from personnel import selectors as personnel
from reports import narratives
from reports.choices import ReportKind
from reports.models import SummaryNarrative
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ASSESSMENT = (
    "Đã tổ chức {held}/{planned} đại hội ({held_share} %); bầu {elected} cấp ủy viên, "
    "nữ chiếm {women_share} %."
)


def term():
    return Term.objects.get(name="2020–2025")


def save(organization, version=None, **texts):
    """Save `texts` over the current text (at its version unless `version` is given)."""
    if version is None:
        current = SummaryNarrative.objects.filter(organization=organization, term=term()).first()
        version = current.version if current else 0
    return narratives.save_narrative(
        organization=organization,
        term=term(),
        actor=None,
        texts=texts,
        expected_version=version,
    )


def _table(sections, title):
    """The table whose title is the Vietnamese of `title`."""
    with override("vi"):
        title = gettext(title)
    return next(t for s in sections for t in s.tables if t.title == title)


def _count(cell):
    """18 from "18 (46,15 %)"."""
    return int(str(cell).split()[0])


def expected_figures(sections):
    """held, planned, the held share, elected and the women's share read off the tables."""
    progress = _table(sections, "Congresses per level")
    planned = sum(row[1] for row in progress.rows)
    held = sum(row[2] for row in progress.rows)
    elected_table = _table(sections, "Committees elected, per level")
    elected = sum(row[2] for row in elected_table.rows)
    women = sum(_count(row[4]) for row in elected_table.rows)
    return {
        "held": held,
        "planned": planned,
        "held_share": personnel.format_percent(personnel.share(held, planned)),
        "elected": elected,
        "women_share": personnel.format_percent(personnel.share(women, elected)),
    }


def test_the_text_is_printed_between_the_tables_with_the_tables_figures(demo, rendering):
    q9 = demo["HCM-Q9"]
    save(q9, assessment=ASSESSMENT, proposals="Đề nghị Thành ủy sơ kết sớm.\n\nKiến nghị khác.")
    report = rendering.job(q9, ReportKind.CONGRESS_SUMMARY, term="2020-2025")
    sections = rendering.context(report)["sections"]
    figures = expected_figures(sections)
    assert figures["elected"] > 0
    assert figures["held"] > 0

    text = rendering.text(report)

    filled = (
        f"Đã tổ chức {figures['held']}/{figures['planned']} đại hội ({figures['held_share']} %); "
        f"bầu {figures['elected']} cấp ủy viên, nữ chiếm {figures['women_share']} %."
    )
    assert filled.replace("\u00a0", " ") in text.replace("\u00a0", " ")
    assessment = text.index("Đánh giá chung")
    # After the tables of the figures, before the follow-up tasks; the proposals close it.
    assert text.index("Khen thưởng theo hình thức") < assessment
    assert assessment < text.index("Nhiệm vụ sau đại hội") < text.index("Kiến nghị, đề xuất")
    assert "Đề nghị Thành ủy sơ kết sớm. Kiến nghị khác." in text
    # Nothing written: no heading.
    for heading in ("Ưu điểm", "Hạn chế, nguyên nhân", "Bài học kinh nghiệm"):
        assert heading not in text
    assert "{" not in text


def test_a_summary_without_text_prints_no_narrative_heading(demo, rendering):
    report = rendering.job(demo["HN-TH"], ReportKind.CONGRESS_SUMMARY, term="2020-2025")
    sections = rendering.context(report)["sections"]
    headings = {section.heading for section in sections}
    assert not headings & {"Đánh giá chung", "Ưu điểm", "Kiến nghị, đề xuất"}


def test_the_summary_names_the_pilots_and_lists_the_directives(demo, rendering):
    tay_ho = demo["HN-TH"]
    pilots = Congress.objects.filter(term=term(), is_pilot=True).in_subtree(tay_ho)
    assert pilots.exists()
    report = rendering.job(tay_ho, ReportKind.CONGRESS_SUMMARY, term="2020-2025")
    sections = rendering.context(report)["sections"]
    pilot_table = _table(sections, "Pilot congresses")
    assert [row[0] for row in pilot_table.rows] == [
        c.organization.name for c in pilots.select_related("organization").order_by("org_path")
    ]
    directives = next(s for s in sections if s.heading == "Văn bản chỉ đạo")
    assert directives.tables[0].rows


def test_an_unknown_placeholder_is_refused_and_nothing_saved(client, demo):
    q10 = demo["HCM-Q10"]
    client.force_login(UserFactory(scope=q10, role="staff"))
    url = reverse("reports:summary-text", args=[q10.pk, term().pk])
    before = AuditEvent.objects.count()

    response = client.post(
        url, {"assessment": "Tốt", "strengths": "Đạt {held} và {so_luong}", "version": 0}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ưu điểm: không có số liệu {so_luong}" in page
    assert "Đạt {held} và {so_luong}</textarea>" in page  # the input is kept
    assert not SummaryNarrative.objects.filter(organization=q10).exists()
    assert AuditEvent.objects.count() == before


def test_saves_are_versioned_audited_and_a_stale_edit_is_refused(
    client, demo, django_assert_max_num_queries
):
    q10 = demo["HCM-Q10"]
    client.force_login(UserFactory(scope=q10, role="staff"))
    url = reverse("reports:summary-text", args=[q10.pk, term().pk])

    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    assert client.post(url, {"lessons": "Bài học một", "version": 0}).status_code == 302
    assert client.post(url, {"lessons": "Bài học hai", "version": 1}).status_code == 302
    stale = client.post(url, {"lessons": "Bài học cũ", "version": 1})

    assert stale.status_code == 200
    assert "Có người khác đã sửa" in stale.content.decode()
    narrative = SummaryNarrative.objects.get(organization=q10)
    assert (narrative.lessons, narrative.version) == ("Bài học hai", 2)
    events = AuditEvent.objects.filter(
        action="reports.summary_text_saved", target_id=str(narrative.pk)
    ).order_by("pk")
    assert [event.data["after"]["lessons"] for event in events] == ["Bài học một", "Bài học hai"]
    assert events.last().data["before"] == {"lessons": "Bài học một"}
    with pytest.raises(StaleEditError):
        save(q10, version=0, lessons="Lần đầu?")


def test_the_service_names_the_part_of_an_unknown_placeholder(demo):
    with override("en"), pytest.raises(ValidationError) as refused:
        save(demo["HCM-Q9"], proposals="{held} {nope}")
    assert refused.value.message_dict["proposals"] == [
        "Recommendations and proposals: unknown figure {nope}. The figures are: {planned}, "
        "{held}, {held_share}, {overdue}, {pilots}, {elected}, {reelected_share}, "
        "{women_share}, {young_share}."
    ]


def test_out_of_scope_is_404_and_the_reports_page_links_the_edit(client, demo):
    q9 = demo["HCM-Q9"]
    client.force_login(UserFactory(scope=demo["HN-TH"], role="staff"))
    url = reverse("reports:summary-text", args=[q9.pk, term().pk])
    assert client.get(url).status_code == 404

    client.force_login(UserFactory(scope=q9, role="staff"))
    page = client.get(reverse("reports:report-new", args=[q9.pk])).content.decode()
    assert f'href="{url}"' in page
    client.force_login(UserFactory(scope=q9, role="leader"))
    page = client.get(reverse("reports:report-new", args=[q9.pk])).content.decode()
    assert url not in page


def test_the_working_group_report_prints_the_difficulties(demo, rendering):
    group = WorkingGroup.objects.filter(owner=demo["HN-TH"]).order_by("pk").first()
    congress = Congress.objects.filter(
        term=group.term, organization__in=group.organizations.all()
    ).first()
    as_of = datetime.date(2020, 3, 1)  # before the entry below
    before = rendering.text(
        rendering.job(demo["HN-TH"], ReportKind.WORKING_GROUP, group=group.pk, as_of=as_of)
    )
    # None recorded by then: said, not left out.
    assert " ".join(before.split()).count("Khó khăn, vướng mắc") == 1
    assert "Tổ công tác không ghi nhận khó khăn, vướng mắc nào trong các báo cáo tiến độ" in (
        " ".join(before.split())
    )
    ProgressEntry.objects.create(
        congress=congress,
        org_path=congress.org_path,
        reported_on=datetime.date(2020, 3, 2),
        stage_reached=congress.stage,
        difficulties="Thiếu hội trường cho đại hội",
    )

    text = rendering.text(rendering.job(demo["HN-TH"], ReportKind.WORKING_GROUP, group=group.pk))

    assert "Khó khăn, vướng mắc" in text
    assert "Thiếu hội trường cho đại hội" in text


def test_the_demo_summary_of_quan_9_prints_the_parts_written(demo, rendering):
    report = rendering.job(demo["HCM-Q9"], ReportKind.CONGRESS_SUMMARY, term="2020-2025")
    sections = rendering.context(report)["sections"]
    with override("vi"):
        follow_up = gettext("Follow-up tasks")
    headings = [section.heading for section in sections]
    assert headings[-5:] == [
        "Đánh giá chung",
        "Ưu điểm",
        "Hạn chế, nguyên nhân",
        follow_up,
        "Kiến nghị, đề xuất",
    ]
    assert "Bài học kinh nghiệm" not in headings  # not written
    assert sections[-5].paragraphs[0].startswith("Đến ngày báo cáo, đã tổ chức ")
    assert "{" not in " ".join(p for section in sections for p in section.paragraphs)
