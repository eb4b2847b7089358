"""The main journeys of each demo role, in a real browser."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from congresses.demo import PILOTS
from congresses.models import Congress
from personnel import hooks as personnel_hooks
from personnel import services as personnel
from tests.browser.conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_staff_browse_and_search_the_tree_then_switch_language(page, demo_site):
    sign_in(page, demo_site, "canbo.tayho")
    page.fill("input[name=q]", "xuan la")  # accent-free search
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Đảng bộ phường Xuân La").first.click()
    expect(page.locator("h1")).to_contain_text("Xuân La")
    page.click("button[name=language][value=en]")
    expect(
        page.locator("nav.navbar").get_by_role("link", name="Organizations", exact=True)
    ).to_be_visible()
    page.click("button[name=language][value=vi]")
    expect(
        page.locator("nav.navbar").get_by_role("link", name="Tổ chức đảng", exact=True)
    ).to_be_visible()


def test_working_group_records_congress_progress(page, demo_site):
    sign_in(page, demo_site, "totacong.tayho")
    expect(page.locator("h1")).to_contain_text("Việc của tôi")  # the worklist
    page.get_by_role("link", name="Đảng bộ phường Xuân La").first.click()
    page.fill("input[name=reported_on]", "20/02/2020")
    stage = page.locator("select[name=stage_reached]")
    stage.select_option(index=0)
    page.fill("textarea[name=note]", "Đã hoàn thành dự thảo báo cáo chính trị")
    page.get_by_role("button", name="Ghi nhận", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Đã ghi nhận tiến độ")
    expect(page.get_by_text("Đã hoàn thành dự thảo báo cáo chính trị")).to_be_visible()


def test_staff_build_a_slate_and_watch_the_targets_change(page, demo_site):
    congress = Congress.objects.get(organization__code="HN-TH-P07", term__name="2020–2025")
    ballot = personnel.add_ballot(congress=congress, actor=None, kind="committee", seats=9)
    sign_in(page, demo_site, "canbo.tayho")
    page.goto(f"{demo_site}/personnel/ballots/{ballot.pk}/")
    targets = page.locator("#slate-figures table").nth(1)
    women = targets.locator("tr").filter(has=page.locator("th", has_text="Nữ"))
    expect(page.locator("#slate-figures")).to_contain_text("Ứng cử viên: 0")
    page.fill("#slate-figures input[name=full_name]", "Hoàng Thị Lan")
    page.select_option("#slate-figures select[name=gender]", "female")
    page.fill("#slate-figures input[name=birth_date]", "01/02/1985")
    page.get_by_role("button", name="Thêm vào danh sách").click()
    # htmx swaps the figures in place: the list and the women's row change without a reload.
    expect(page.locator("#slate-figures")).to_contain_text("Hoàng Thị Lan")
    expect(page.locator("#slate-figures")).to_contain_text("Ứng cử viên: 1")
    expect(women).to_contain_text("100")


def test_staff_enter_an_election_round_and_read_the_minutes(page, demo_site):
    congress = Congress.objects.get(organization__code="HN-TH-P07", term__name="2020–2025")
    # A round is recorded only within a congress's session (issue 15's guards): Xuân La's pilot
    # was held on its day in the demo, a one-day session.
    assert congress.started_on == congress.ended_on == PILOTS["HN-TH-P07"]
    ballot = personnel.add_ballot(congress=congress, actor=None, kind="secretary", seats=1)
    candidate = personnel.add_candidate(
        ballot=ballot, actor=None, full_name="Trần Văn Minh", gender="male",
        birth_date=datetime.date(1975, 3, 2),
    )  # fmt: skip
    # Xuân La's pilot is a member congress: the form comes filled in with its roll's D.
    base = personnel_hooks.base_proposal(congress)["base"]
    sign_in(page, demo_site, "canbo.tayho")
    page.goto(f"{demo_site}/personnel/ballots/{ballot.pk}/rounds/new/")
    expect(page.locator("#base-proposal")).to_contain_text(f"D = {base}")
    for name, value in (
        ("ballots_issued", base), ("ballots_returned", base), ("ballots_valid", base - 1),
        ("ballots_invalid", 1), (f"votes_{candidate.pk}", base - 2),
    ):  # fmt: skip
        page.fill(f"input[name={name}]", str(value))
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/personnel/rounds/\d+/minutes/$"))
    expect(page.locator("body")).to_contain_text(str(base))
    expect(page.locator("body")).to_contain_text("Trần Văn Minh")
    expect(page.locator("body")).to_contain_text("trúng cử")


def test_the_round_form_sums_as_the_numbers_are_typed(page, demo_site):
    """Issue 18, item 5: running totals of the votes and of valid + invalid ballots."""
    congress = Congress.objects.get(organization__code="HN-TH-P07", term__name="2020–2025")
    ballot = personnel.add_ballot(congress=congress, actor=None, kind="committee", seats=3)
    first, second = (
        personnel.add_candidate(
            ballot=ballot,
            actor=None,
            full_name=name,
            gender="male",
            birth_date=datetime.date(1975, 3, 2),
        )
        for name in ("Trần Văn Minh", "Lê Văn Hùng")
    )
    sign_in(page, demo_site, "canbo.tayho")
    page.goto(f"{demo_site}/personnel/ballots/{ballot.pk}/rounds/new/")
    votes = page.locator("output[data-sum-of=votes]")
    ballots = page.locator("output[data-sum-of=ballots]")
    expect(votes).to_have_text("0")

    page.fill(f"input[name=votes_{first.pk}]", "1200")
    page.fill(f"input[name=votes_{second.pk}]", "3102")
    page.fill("input[name=ballots_valid]", "4300")
    page.fill("input[name=ballots_invalid]", "2")

    expect(votes).to_have_text("4.302")
    expect(ballots).to_have_text("4.302")


def test_leader_requests_and_downloads_a_pdf(page, demo_site, tmp_path):
    sign_in(page, demo_site, "lanhdao.tayho")
    page.get_by_role("link", name="Đảng bộ quận Tây Hồ").first.click()
    page.get_by_role("link", name="Báo cáo (PDF, Excel)").click()
    # Each kind asks only for its own fields (issue 18, item 12).
    page.select_option("select[name=kind]", "commendations")
    expect(page.locator("input[name=decision]")).to_be_visible()
    expect(page.locator("select[name=term]")).to_have_count(0)
    page.select_option("select[name=kind]", "congress-summary")
    expect(page.locator("input[name=decision]")).to_have_count(0)
    page.select_option("select[name=term]", label="2020–2025")
    page.get_by_role("button", name="Yêu cầu báo cáo").click()
    link = page.get_by_role("link", name="Tải PDF").first
    expect(link).to_be_visible()
    with page.expect_download() as download_info:
        link.click()
    path = tmp_path / "report.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")


def test_staff_merge_two_cells_after_asking_what_moves(page, demo_site):
    from organizations.models import Member, Organization

    second = Organization.objects.get(code="HN-TH-P07-CB002")
    moving = Member.objects.filter(organization=second).count()
    sign_in(page, demo_site, "canbo.tayho")
    page.goto(f"{demo_site}/organizations/{second.pk}/")
    page.get_by_role("link", name="Sáp nhập", exact=True).click()
    page.fill("input[name=destination]", "HN-TH-P07-CB001")
    page.fill("input[name=merged_on]", "01/03/2020")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.locator("#restructure-impact")).to_contain_text(f"đảng viên {moving}")
    page.get_by_role("button", name="Sáp nhập", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text(
        "Đã sáp nhập Chi bộ tổ dân phố 2 vào Chi bộ tổ dân phố 1"
    )
    expect(page.locator("h1")).to_contain_text("Chi bộ tổ dân phố 1")
    expect(page.get_by_text("Mới sáp nhập: phải tổ chức đại hội ngay")).to_be_visible()
    assert Member.objects.filter(organization=second).count() == 0
