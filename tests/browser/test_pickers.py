"""Pickers in a real browser: typing part of a name without accents opens the names found
under the field, chosen with the keyboard; the open list passes axe-core; another district's
account is never listed (core.pickers, static/js/picker.js)."""

import re

import pytest
from playwright.sync_api import expect

from organizations.models import Organization
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_working_group_members_are_picked_by_name_with_the_keyboard(page, demo_site):
    tay_ho = Organization.objects.get(code="HN-TH")
    sign_in(page, demo_site, "canbo.tayho")
    page.goto(f"{demo_site}/congresses/organizations/{tay_ho.pk}/working-groups/new/")
    members = page.get_by_role("combobox", name="Thành viên")
    options = page.locator("#id_members-options [role=option]")

    members.press_sequentially("vo thi")
    page.wait_for_timeout(800)
    expect(options).to_have_count(0)  # Võ Thị Thu is Quận 10's staff

    members.fill("")
    members.press_sequentially("nguyen thi hoa")
    expect(options.first).to_contain_text("Nguyễn Thị Hòa · canbo.tayho")
    expect(members).to_have_attribute("aria-expanded", "true")
    assert serious_violations(page) == []
    members.press("ArrowDown")
    members.press("Enter")

    expect(members).to_have_value("canbo.tayho, ")
    expect(members).to_have_attribute("aria-expanded", "false")


def test_a_move_destination_is_picked_by_name(page, demo_site):
    cell = Organization.objects.filter(code__startswith="HN-TH-P07-").order_by("path").first()
    sign_in(page, demo_site, "canbo.tayho")
    page.goto(f"{demo_site}/organizations/{cell.pk}/move/")
    destination = page.get_by_role("combobox")

    destination.press_sequentially("xuan la")
    page.locator("[role=option]", has_text=re.compile(r"· HN-TH-P07$")).first.click()

    expect(destination).to_have_value("HN-TH-P07")
