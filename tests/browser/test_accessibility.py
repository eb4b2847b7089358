"""WCAG 2.1 AA on the journeys' pages, on a desktop and a phone: axe-core
(axe-playwright-python, which ships axe.min.js) finds no serious or critical violation, no page
scrolls sideways, and at 390 px the menu collapses behind a button."""

import re

import pytest
from playwright.sync_api import expect

from congresses.models import Congress
from organizations.models import Organization
from personnel.models import Ballot
from tests.browser.conftest import SCREENSHOTS, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {"desktop": (1366, 768), "phone": (390, 844)}
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
}


def journey_pages():
    """(account, path) for the pages the journeys visit, one account per role."""
    tay_ho = Organization.objects.get(code="HN-TH")
    xuan_la = Organization.objects.get(code="HN-TH-P07")
    congress = Congress.objects.get(organization=xuan_la, term__name="2020–2025")
    district = Congress.objects.get(organization=tay_ho, term__name="2020–2025")
    ballot = Ballot.objects.filter(congress=district).order_by("pk").first()
    staff = [
        "/organizations/",
        f"/organizations/{tay_ho.pk}/",
        f"/organizations/{tay_ho.pk}/members/",
        f"/congresses/organizations/{tay_ho.pk}/dashboard/?term={district.term_id}",
        f"/congresses/{congress.pk}/",
        f"/personnel/congresses/{district.pk}/",
        f"/personnel/ballots/{ballot.pk}/",
        f"/personnel/ballots/{ballot.pk}/rounds/new/",
        f"/recognition/organizations/{tay_ho.pk}/",
        "/reports/",
    ]
    return [("canbo.tayho", path) for path in staff] + [
        ("totacong.tayho", "/congresses/worklist/"),
        ("lanhdao.tayho", f"/organizations/{tay_ho.pk}/"),
    ]


def serious_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_journey_pages_meet_wcag_aa_without_sideways_scrolling(browser, demo_site, width):
    problems = []
    signed_in = None
    context = browser.new_context(
        locale="vi-VN", viewport=dict(zip(("width", "height"), WIDTHS[width], strict=True))
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{demo_site}/accounts/login/")
    problems += [f"/accounts/login/: {problem}" for problem in serious_violations(page)]
    for account, path in journey_pages():
        if account != signed_in:
            context.clear_cookies()
            sign_in(page, demo_site, account)
            signed_in = account
        response = page.goto(f"{demo_site}{path}")
        assert response.status == 200, (account, path, response.status)
        found = [f"{path}: {problem}" for problem in serious_violations(page)]
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            found.append(f"{path}: scrolls sideways by {overflow} px")
        if found:  # what a person would see, kept beside the other browser failures
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^a-z0-9]+", "-", f"{width}{path}".lower()).strip("-")
            page.screenshot(path=str(SCREENSHOTS / f"a11y-{name}.png"), full_page=True)
        problems += found
    context.close()
    assert problems == [], "\n".join(problems)


def test_the_menu_collapses_on_a_phone_and_opens_with_its_button(browser, demo_site):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, demo_site, "canbo.tayho")
    menu = page.locator("nav.navbar").get_by_role("link", name="Tổ chức đảng", exact=True)
    expect(menu).to_be_hidden()
    page.get_by_role("button", name="Mở menu").click()
    expect(menu).to_be_visible()
    context.close()


def test_a_keyboard_user_skips_to_the_content_and_sees_where_they_are(page, demo_site):
    sign_in(page, demo_site, "canbo.tayho")
    page.goto(f"{demo_site}/organizations/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    current = page.locator("nav.navbar a[aria-current=page]")
    expect(current).to_have_text("Tổ chức đảng")
