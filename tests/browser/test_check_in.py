"""The congress day in a real browser: a delegate checked in by the token typed at the desk
(htmx answer, the field ready for the next card), then read on the presidium's live panel."""

import datetime

import pytest
from playwright.sync_api import expect

from congress_day import selectors, services
from congress_day.tokens import token_for
from congresses.models import Congress
from tests.browser.conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_staff_check_a_delegate_in_by_typed_token_and_read_the_live_panel(page, demo_site):
    congress = Congress.objects.get(organization__code="HN-TH-P07", term__name="2020–2025")
    Congress.objects.filter(pk=congress.pk).update(
        kind="all_member", started_on=datetime.date(2020, 3, 19), stage="personnel_approved"
    )
    congress.refresh_from_db()
    services.issue_cards(congress=congress, actor=None)
    card = congress.delegate_cards.select_related("member").order_by("number").first()
    official = selectors.attendance(congress)["totals"]["official"]

    sign_in(page, demo_site, "canbo.tayho")
    page.goto(f"{demo_site}/congress-day/congresses/{congress.pk}/check-in/")
    field = page.locator("input[name=entry]")
    expect(field).to_be_focused()
    field.fill(token_for(card))
    field.press("Enter")
    result = page.locator("#checkin-result")
    expect(result).to_contain_text(card.member.full_name)
    expect(result).to_contain_text("Điểm danh lúc")
    expect(field).to_have_value("")  # ready for the next card
    expect(field).to_be_focused()
    # The same card again: already checked in.
    field.fill(str(card.number))
    field.press("Enter")
    expect(result).to_contain_text("Đã điểm danh lúc")

    page.goto(f"{demo_site}/congress-day/congresses/{congress.pk}/attendance/")
    panel = page.locator("#attendance")
    expect(panel).to_contain_text(f"1/{official} đảng viên chính thức có mặt")
    # Another desk checks the next delegate in: the panel refreshes by itself.
    services.check_in(congress=congress, entry="2", actor=None)
    expect(panel).to_contain_text(f"2/{official} đảng viên chính thức có mặt", timeout=15_000)
