"""The demo data reproduces the figures of the news reports users will check first."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection

from congresses.models import Congress, WorkingGroup
from documents.models import CongressDocument, DirectiveDocument, FollowUpTask
from documents.selectors import discussion_counts, discussion_summary
from organizations import access, services, statistics
from organizations.models import Member, Organization

pytestmark = pytest.mark.django_db


def test_demo_tree_holds_the_reported_figures(demo):
    tay_ho_kinds = {
        row["kind__name"]: (row["children"], row["total"])
        for row in statistics.kind_counts(demo["HN-TH"])
    }
    quan_10_children = statistics.kind_counts(demo["HCM-Q10"])

    assert tay_ho_kinds == {
        "Đảng bộ cơ sở": (17, 17),
        "Chi bộ cơ sở": (9, 9),
        "Chi bộ trực thuộc": (0, 222),
    }
    assert sum(row["children"] for row in quan_10_children) == 41
    assert Organization.objects.filter(code__startswith="HCM-Q10-P").filter(depth=3).count() == 15
    assert services.tree_problems() == []


def test_demo_wave_of_tay_ho_as_reported_on_20_february_2020(demo):
    tay_ho = demo["HN-TH"]
    pilots = Congress.objects.in_subtree(tay_ho).filter(is_pilot=True)

    assert WorkingGroup.objects.filter(owner=tay_ho).count() == 8
    assert DirectiveDocument.objects.filter(organization=tay_ho).count() == 20
    assert sorted(pilots.values_list("organization__name", "planned_date")) == [
        ("Chi bộ Kho bạc Nhà nước quận", datetime.date(2020, 3, 19)),
        ("Đảng bộ phường Xuân La", datetime.date(2020, 3, 12)),
    ]
    district = Congress.objects.get(organization=tay_ho)
    assert (district.ordinal, district.planned_date.month) == (6, 8)
    report = CongressDocument.objects.get(congress=district)
    counts = discussion_counts(report)
    assert discussion_summary(counts["rounds"], counts["comments"]) == "3 vòng thảo luận, 37 ý kiến"


def test_demo_waves_completed_elsewhere_and_long_bien_follow_ups(demo):
    for code in ("HN-LB", "HCM-Q9", "HCM-Q10", "CT-TN"):
        congresses = Congress.objects.in_subtree(demo[code])
        assert congresses.count() == congresses.held().count(), code
    assert Congress.objects.get(organization=demo["HCM-Q9"]).ordinal == 6
    assert Congress.objects.get(organization=demo["HN-LB"]).ordinal == 4
    assert FollowUpTask.objects.filter(organization=demo["HN-LB"]).count() == 5


def test_demo_accounts_see_their_scope(demo, django_user_model):
    group_member = django_user_model.objects.get(username="totacong.tayho")
    secretary = django_user_model.objects.get(username="bithu.xuanla")

    assert Organization.objects.visible_to(secretary).first().code == "HN-TH-P07"
    assert {path[:8] for _role, path in access.user_grants(group_member)} == {demo["HN-TH"].path}
    assert (
        Member.objects.visible_to(secretary).count()
        == Member.objects.filter(
            org_path__startswith=Organization.objects.get(code="HN-TH-P07").path
        ).count()
    )


def test_seed_demo_twice_changes_nothing(demo, monkeypatch):
    """A second run adds nothing but what the suite's demo left out: Quận 9's uploaded
    political report (3 pages here instead of 40, to keep the test fast)."""
    from delegates.models import Delegate
    from reports import demo as report_demo

    monkeypatch.setattr(report_demo, "POLITICAL_REPORT_PAGES", 3)

    before = (
        Organization.objects.count(),
        Member.objects.count(),
        Congress.objects.count(),
        Delegate.objects.count(),
    )

    call_command("seed_demo", stdout=io.StringIO())

    assert (
        Organization.objects.count(),
        Member.objects.count(),
        Congress.objects.count(),
        Delegate.objects.count(),
    ) == before
    report = CongressDocument.objects.get(
        congress__organization=demo["HCM-Q9"], kind="political_report"
    )
    assert report.approved_on is not None
    assert report.versions.get().file.name.endswith(".pdf")


def test_demo_personnel_reproduces_quan_9_and_the_tay_ho_tie(demo):
    from personnel import selectors as personnel_selectors
    from personnel.models import Ballot

    quan_9 = Congress.objects.get(organization=demo["HCM-Q9"], term__name="2020–2025")
    figures = personnel_selectors.elected_body_figures(quan_9)
    tay_ho_rounds = Ballot.objects.get(congress__organization=demo["HN-TH"]).rounds.order_by(
        "number"
    )

    assert figures["elected"] == 39
    assert personnel_selectors.key_post_figures(quan_9)["share"] == "100"
    texts = {row["key"]: row["text"] for row in figures["rows"]}
    assert texts["women"].endswith("46,15 % (chỉ tiêu ≥ 15 %; R-WV-08, Hướng dẫn 26-HD/BTCTW)")
    assert texts["youth"].endswith("23,08 % (chỉ tiêu ≥ 10 %; R-WV-07, Chỉ thị 35-CT/TW)")
    district_row = personnel_selectors.elected_by_level(
        organization=demo["HN-TH"], term=quan_9.term
    )[0]
    assert (district_row["elected"], district_row["reelected"]) == (39, 33)
    assert district_row["reelected_share"] == "84,62"
    # Seed 001: "dự kiến số lượng Ủy viên Ban Chấp hành Đảng bộ quận [...] là 39 đồng chí,
    # trong đó có 33 đồng chí tái cử": the plan says so too, as the summary of 20/02/2020 does.
    planned = {
        row["level"]: row
        for row in personnel_selectors.planned_by_level(
            organization=demo["HN-TH"], term=quan_9.term
        )
    }[demo["HN-TH"].kind.level]
    assert (planned["plans"], planned["seats"], planned["reelected"]) == (1, 39, 33)
    assert planned["reelected_share"] == "84,62"
    assert [(len(r.elected), len(r.tied), r.tie_seats) for r in tay_ho_rounds] == [
        (38, 2, 1),
        (1, 0, 0),
    ]


def test_demo_grassroots_plans_standing_committee_and_counting_committee(demo):
    """Seed 001: Tây Hồ's grassroots organizations plan 228 committee members, 170 of them
    re-elected; Quận 9's new committee elects a standing committee of 13."""
    from personnel import selectors as personnel_selectors
    from personnel.choices import BallotKind

    term = Congress.objects.get(organization=demo["HN-TH"], term__name="2020–2025").term
    rows = {
        row["level"]: row
        for row in personnel_selectors.planned_by_level(organization=demo["HN-TH"], term=term)
    }
    grassroots = rows[demo["HN-TH"].kind.level + 1]
    assert (grassroots["plans"], grassroots["seats"], grassroots["reelected"]) == (26, 228, 170)

    quan_9 = Congress.objects.get(organization=demo["HCM-Q9"], term=term)
    bodies = {
        body["ballot"].kind: body["elected"] for body in personnel_selectors.elected_bodies(quan_9)
    }
    assert len(bodies[BallotKind.STANDING_COMMITTEE]) == 13
    assert len(bodies[BallotKind.SECRETARY]) == 1
    tay_ho = Congress.objects.get(organization=demo["HN-TH"], term=term)
    assert tay_ho.counting_members.count() == 5
    assert not tay_ho.candidates.filter(
        full_name__in=tay_ho.counting_members.values("full_name")
    ).exists()


def test_demo_recognition_reproduces_quan_10_and_quan_9(demo):
    """Seed 002: Quận 10, 2020 — 41 grassroots organizations: 8 excellent (3 exemplary), 30
    good, 3 complete, 0 failing; 27 members and 1 cell five years running. Seed 000: Quận 9
    commended 14 collectives and 17 individuals for the congress work."""
    from recognition import selectors as recognition_selectors
    from recognition.models import Commendation, Period

    period = Period.objects.get(kind="year", year=2020)
    summary = recognition_selectors.rating_summary(organization=demo["HCM-Q10"], period=period)
    grassroots = next(row for row in summary["organizations"] if row["tree_level"] == 3)
    assert (grassroots["total"], grassroots["excellent"], grassroots["good"]) == (41, 8, 30)
    assert (grassroots["complete"], grassroots["failed"], grassroots["exemplary"]) == (3, 0, 3)
    assert len(recognition_selectors.streaks(organization=demo["HCM-Q10"], year=2020)) == 27
    cells = recognition_selectors.streaks(
        organization=demo["HCM-Q10"], year=2020, subject="organization", exemplary=True
    )
    assert len(cells) == 1
    assert (
        recognition_selectors.organization_cap_warnings(period=period, organization=demo["HCM-Q10"])
        == []
    )
    quan_9 = recognition_selectors.commendation_summary(organization=demo["HCM-Q9"])
    assert [(row["reason"], row["collectives"], row["individuals"]) for row in quan_9] == [
        ("congress", 14, 17)
    ]
    # Seed 000: given "nhân dịp" the conference of "Sáng ngày 21/8" closing the congress work.
    decided = Commendation.objects.filter(organization=demo["HCM-Q9"], reason="congress")
    assert sorted(set(decided.values_list("decision_date", flat=True))) == [
        datetime.date(2020, 8, 21)
    ]
    quan_10 = {
        row["reason"]: (row["collectives"], row["individuals"])
        for row in recognition_selectors.commendation_summary(organization=demo["HCM-Q10"])
    }
    assert quan_10 == {"classification": (3, 0), "other": (5, 0), "streak": (1, 27)}
    assert recognition_selectors.campaign_summary(organization=demo["HN-TH"])
    assert recognition_selectors.campaign_summary(organization=demo["HCM-Q9"])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_seed_demo_leaves_planner_statistics(demo):
    def statistics_rows():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'organizations_member'")
            return cursor.fetchone()[0]

    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            pytest.skip("forgetting statistics needs a superuser")
        # Forget them (rolled back with the test), as in a database just loaded.
        cursor.execute("DELETE FROM pg_statistic WHERE starelid = 'organizations_member'::regclass")
    assert statistics_rows() == 0

    call_command("seed_demo", "--without-uploads", stdout=io.StringIO())

    assert statistics_rows() > 0


def test_quan_9_congress_is_a_delegate_congress_with_its_roll(demo):
    """Issue 16, item 6: an approved plan within the cap, delegates elected at the 13 ward
    congresses, ex officio delegates, two alternates used, one credential not accepted."""
    from delegates import selectors as delegate_selectors
    from delegates.models import Delegate

    congress = Congress.objects.get(organization=demo["HCM-Q9"])
    plan = congress.delegate_plan
    assert (congress.kind, plan.status, plan.total) == ("delegate", "approved", 300)
    assert plan.quotas.count() == 13
    figures = delegate_selectors.delegate_figures(congress, plan)
    assert figures["standing_by_how"] == {
        "elected": 262,
        "ex_officio": 35,
        "appointed": 0,
        "alternate": 2,
    }
    assert (figures["by_status"]["replaced"], figures["by_status"]["not_accepted"]) == (2, 1)
    assert figures["unfilled"] == 0
    assert delegate_selectors.convened(congress).count() == 299
    outside = Delegate.objects.filter(congress=congress).exclude(
        member__org_path__startswith=demo["HCM-Q9"].path
    )
    assert not outside.exists()


def test_quan_9_credentials_report_counts_its_delegate_roll(demo):
    """Issue 16, item 4: the credentials report of a delegate congress, from its roll: by how
    selected, the outgoing committee (the ex officio delegates), the credential not accepted;
    the page and the PDF print the same figures."""
    from django.utils import timezone

    from delegates.credentials import credentials_figures
    from reports import services
    from reports.choices import FileFormat, ReportKind
    from reports.models import ReportJob
    from tests.pdf import pdf_text

    congress = Congress.objects.get(organization=demo["HCM-Q9"])
    figures = credentials_figures(congress)

    assert figures["convened"] == 299
    assert {str(line.label): line.count for line in figures["selection"]} == {
        "Trúng cử": 262,
        "Đương nhiên": 35,
        "Dự khuyết": 2,
    }
    assert figures["committee_members"] == 35
    assert len(figures["not_accepted"]) == 1
    assert sum(line.count for line in figures["gender"]) == 299
    job = ReportJob(
        kind=ReportKind.CREDENTIALS_REPORT,
        organization=demo["HCM-Q9"],
        parameters={"congress": congress.pk},
        language="vi",
        file_format=FileFormat.PDF,
        created_at=timezone.now(),
    )
    text = " ".join(pdf_text(services.build_pdf(job)).split())
    assert "Triệu tập: 299" in text
    assert "Cấp ủy viên khóa đương nhiệm: 35." in text
    assert figures["not_accepted"][0][0] in text


def test_xuan_la_pilot_is_a_member_congress_with_its_roll(demo):
    """Issue 16, item 6: Xuân La's pilot as a member congress, two members left out of D."""
    from delegates import selectors as delegate_selectors

    congress = Congress.objects.get(organization__code="HN-TH-P07", term__name="2020–2025")
    figures = delegate_selectors.roll_figures(
        congress, day=delegate_selectors.congress_day(congress)
    )

    assert congress.kind == "all_member"
    assert figures["excluded"] == 2
    assert figures["base"] == figures["official"] - 2
    assert delegate_selectors.convened(congress).count() == (
        figures["official"] + figures["probationary"] - 2
    )


def test_quan_9_congress_day_checks_in_counts_twice_and_sends_its_quick_report(demo):
    """Issue 17, item 6: Quận 9's delegates checked in over the morning (synthetic times), the
    delegates' election entered by three counters (one discrepancy settled by the third), the
    quick report sent up and counted in the city's roll-up."""
    import datetime
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from congress_day.models import DelegateCard
    from congress_day.selectors import attendance
    from personnel.choices import BallotKind
    from personnel.rollup import results_rollup
    from personnel.tally.verify import verify_congress
    from reports import services
    from reports.choices import FileFormat, ReportKind
    from reports.models import QuickReport, ReportJob
    from tests.pdf import pdf_text

    congress = Congress.objects.get(organization=demo["HCM-Q9"])
    assert congress.stage in ("held", "results_approved")
    totals = attendance(congress)["totals"]
    assert (totals["convened"], totals["present"]) == (299, 296)
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    times = [
        moment.astimezone(zone)
        for moment in DelegateCard.objects.filter(congress=congress, present=True).values_list(
            "present_since", flat=True
        )
    ]
    assert {moment.date() for moment in times} == {congress.started_on}
    assert datetime.time(6, 40) <= min(moment.time() for moment in times)
    assert max(moment.time() for moment in times) <= datetime.time(7, 56)

    ballot = congress.ballots.get(kind=BallotKind.DELEGATES)
    entries = list(ballot.tally_entries.order_by("sequence"))
    assert len(entries) == 3
    assert entries[0].payload != entries[1].payload
    assert entries[0].payload == entries[2].payload
    assert len(ballot.rounds.get().elected) == 20
    report = verify_congress(congress)
    assert report.ok

    quick = QuickReport.objects.get(congress=congress)
    assert quick.sent_by.username == "canbo.quan9"
    assert "dữ liệu minh họa" in quick.issues
    city = results_rollup(
        organization=demo["HCM"], term=congress.term, as_of=datetime.date(2020, 12, 31)
    )
    assert city["totals"]["quick_reports"] >= 1
    before = results_rollup(
        organization=demo["HCM"], term=congress.term, as_of=datetime.date(2020, 7, 21)
    )
    assert before["totals"]["quick_reports"] == 0

    job = ReportJob(
        kind=ReportKind.QUICK_REPORT,
        organization=demo["HCM-Q9"],
        parameters={"congress": congress.pk},
        language="vi",
        file_format=FileFormat.PDF,
        created_at=timezone.now(),
    )
    text = " ".join(pdf_text(services.build_document(job)[0]).split())
    assert "BÁO CÁO NHANH" in text
    assert "Triệu tập: 299; có mặt: 296;" in text
    assert "Nữ 18 46,15 % (chỉ tiêu ≥ 15 %; Hướng dẫn 26-HD/BTCTW)" in text  # its source
    assert ballot.rounds.get().votes.filter(is_elected=True).first().candidate.full_name in text
    assert "Nghị quyết được thông qua" in text


def test_quan_9_congress_day_programme_bodies_votes_and_resolution(demo):
    """Issue 17, item 6: the programme with its times, the presidium, secretariat and credentials
    committee each elected by a vote, the procedural votes and the resolution adopted with its
    tasks, all dated on the congress day; the programme PDF and the quick report print them."""
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from congress_day import selectors
    from congress_day.choices import VoteSubject
    from reports import services
    from reports.choices import FileFormat, ReportKind
    from reports.models import ReportJob
    from tests.pdf import pdf_text

    congress = Congress.objects.get(organization=demo["HCM-Q9"])
    sessions = selectors.agenda(congress)
    assert [len(items) for _label, items in sessions] == [6, 10]
    assert all(item.starts_at is not None for _label, items in sessions for item in items)
    elected = selectors.bodies(congress)["elected"]
    assert [(len(body["seats"]), body["vote"].adopted) for body in elected] == [
        (5, True),
        (3, True),
        (5, True),
    ]
    subjects = set(selectors.votes(congress).values_list("subject", flat=True))
    assert {VoteSubject.PROGRAMME, VoteSubject.SEATS, VoteSubject.LISTS} <= subjects
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    assert {vote.recorded_at.astimezone(zone).date() for vote in selectors.votes(congress)} == {
        congress.started_on
    }
    (resolution,) = selectors.resolutions(congress)
    assert (resolution.agree, resolution.present) == (293, 296)
    assert resolution.document.follow_up_tasks.count() == 3
    assert resolution.document.created_at.astimezone(zone).date() == congress.started_on

    def text_of(kind):
        job = ReportJob(
            kind=kind,
            organization=demo["HCM-Q9"],
            parameters={"congress": congress.pk},
            language="vi",
            file_format=FileFormat.PDF,
            created_at=timezone.now(),
        )
        return " ".join(pdf_text(services.build_document(job)[0]).split())

    programme = text_of(ReportKind.CONGRESS_PROGRAMME)
    assert "07:30 Bầu đoàn chủ tịch" in programme
    assert "13:30 Cuộc bầu cử Ban Kiểm phiếu (dữ liệu minh họa)" in programme
    assert "296 trên 296 người có mặt tán thành" in programme
    quick = text_of(ReportKind.QUICK_REPORT)
    assert "Nghị quyết Đại hội Đảng bộ quận lần thứ VI" in quick
    assert "293" in quick


def test_demo_reform_branch_a_new_ward_under_the_city_with_an_appointed_committee(demo):
    """R-OR-05/06, R-WV-13: two Long Biên wards merged on 1/7/2025 into a ward committee
    directly under the city; its first congress (2 contents) held in the 2025 window of its
    level with an appointed committee; the old wards' 2020 history stays reachable."""
    from organizations.models import OrganizationMerge
    from personnel import selectors as personnel_selectors

    reform_day = datetime.date(2025, 7, 1)
    ward = demo["HN-PBD"]
    congress = Congress.objects.get(organization=ward, term__name="2025–2030")
    merges = OrganizationMerge.objects.filter(successor=ward).order_by("predecessor__code")
    old = Organization.objects.filter(code__in=["HN-LB-P01", "HN-LB-P07"]).order_by("code")

    assert (ward.kind.code, ward.valid_from, ward.must_hold_congress) == (
        "dang-bo-phuong", reform_day, False,
    )  # fmt: skip
    assert Organization.objects.get_parent(ward) == demo["HN"]
    assert [(m.predecessor.code, m.merged_on) for m in merges] == [
        ("HN-LB-P01", reform_day),
        ("HN-LB-P07", reform_day),
    ]
    # Gone from the merger's day: there on 30/06/2025, the new ward from 01/07/2025.
    assert [org.valid_to for org in old] == [reform_day] * 2
    on_the_eve = set(
        Organization.objects.all().on(datetime.date(2025, 6, 30)).values_list("code", flat=True)
    )
    on_the_day = set(Organization.objects.all().on(reform_day).values_list("code", flat=True))
    assert {"HN-LB-P01", "HN-LB-P07"} <= on_the_eve
    assert ward.code not in on_the_eve
    assert ward.code in on_the_day
    assert not {"HN-LB-P01", "HN-LB-P07"} & on_the_day
    assert (congress.ordinal, congress.content, congress.stage, congress.level) == (
        1, "two", "held", 2,
    )  # fmt: skip
    rule = congress.term.level_rules.get(level=2)
    assert rule.window_start <= congress.held_on <= rule.deadline
    bodies = {
        body["appointment"].kind: len(body["people"])
        for body in personnel_selectors.appointed_bodies(congress)
    }
    assert bodies == {"committee": 15, "standing_committee": 5, "secretary": 1}
    assert not congress.ballots.exists()
    history = Congress.objects.filter(organization__in=old, term__name="2020–2025")
    assert history.count() == history.held().count() == 2
    assert services.tree_problems() == []


def test_demo_reform_pages_of_the_old_and_new_wards(client, demo, django_user_model):
    from django.urls import reverse

    client.force_login(django_user_model.objects.get(username="admin"))
    old = Organization.objects.get(code="HN-LB-P01")
    old_congress = Congress.objects.get(organization=old, term__name="2020–2025")
    new_congress = Congress.objects.get(organization=demo["HN-PBD"])

    pages = [
        reverse("organizations:organization-detail", args=[old.pk]),
        reverse("congresses:congress-detail", args=[old_congress.pk]),
        reverse("personnel:congress-personnel", args=[new_congress.pk]),
        reverse("personnel:election-results", args=[demo["HN"].pk]) + "?term="
        + str(new_congress.term_id),
    ]  # fmt: skip

    assert [client.get(page).status_code for page in pages] == [200] * 4
    old_page = client.get(pages[0])
    new_page = client.get(reverse("organizations:organization-detail", args=[demo["HN-PBD"].pk]))
    assert [row.successor.code for row in old_page.context["mergers"]["into"]] == ["HN-PBD"]
    assert [row.predecessor.code for row in new_page.context["mergers"]["from"]] == [
        "HN-LB-P01",
        "HN-LB-P07",
    ]
    assert f'href="{pages[0]}"' in new_page.content.decode()
    results = client.get(pages[3])
    assert [row["people"] for row in results.context["appointed"]] == [15, 5, 1]


def test_demo_reform_keeps_the_2020_history_of_the_merged_wards(client, demo, django_user_model):
    """Issue 15 (items 1 and 5): the merger of 1/7/2025 moved the wards' cells and their
    congresses under the new ward; on a date before it they count where they stood then
    (organizations.querysets.subtree_on_q), today's figures are unchanged."""
    from django.urls import reverse
    from django.utils import timezone

    from congresses import dashboard
    from congresses.models import Term

    client.force_login(django_user_model.objects.get(username="admin"))
    old = Organization.objects.get(code="HN-LB-P01")
    long_bien, ward = demo["HN-LB"], demo["HN-PBD"]
    term = Term.objects.get(name="2020–2025")
    in_2020 = datetime.date(2020, 6, 1)
    end_of_2020 = datetime.date(2020, 12, 31)
    cells = Organization.objects.children_on(old, in_2020)
    old_congresses = Congress.objects.filter(term=term, organization__path__startswith=old.path)

    old_page = client.get(
        reverse("organizations:organization-detail", args=[old.pk]), {"as_of": "01/06/2020"}
    )
    assert cells.exists()
    assert list(old_page.context["children"]) == list(cells)
    assert (
        old_page.context["members"]["total"]
        == (Member.objects.in_subtree_on(old, in_2020).on(in_2020).count())
        > 0
    )
    assert not old_page.context["warnings"]
    assert Member.objects.in_subtree(old).count() == 0  # today: all moved to the new ward
    # The 2020–2025 wave of Long Biên on 31/12/2020 counts the congresses of its wards of then.
    on_2020 = dashboard.wave_figures(organization=long_bien, term=term, as_of=end_of_2020)
    today = dashboard.wave_figures(organization=long_bien, term=term, as_of=timezone.localdate())
    moved = Congress.objects.regular().filter(term=term).in_subtree(ward).count()
    assert moved > 0
    assert on_2020["totals"]["planned"] == today["totals"]["planned"] + moved
    page = client.get(
        reverse("congresses:wave-dashboard", args=[long_bien.pk]),
        {"as_of": "31/12/2020", "term": term.pk},
    )
    assert page.context["totals"]["planned"] == on_2020["totals"]["planned"]
    branches = {row["organization"].code for row in on_2020["by_child"]}
    assert {"HN-LB-P01", "HN-LB-P07"} <= branches
    assert (
        sum(row["planned"] for row in on_2020["by_child"])
        == on_2020["totals"]["planned"]
        - Congress.objects.regular().filter(term=term, organization=long_bien).count()
    )
    # The new ward counts none of them before the merger.
    ward_2020 = dashboard.wave_figures(organization=ward, term=term, as_of=in_2020)
    assert ward_2020["totals"]["planned"] == 0
    assert old_congresses.exists()
