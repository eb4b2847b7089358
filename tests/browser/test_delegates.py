"""Delegates in a real browser (issue 16): the district staff create the delegate plan of their
congress and see the allocation proposed to the organizations below, reconciled with the
total; the credentials report of Quận 9's delegate congress reads its roll."""

import pytest
from playwright.sync_api import expect

from congresses.models import Congress
from delegates.models import DelegatePlan
from tests.browser.conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_staff_allocate_the_seats_of_their_congress(page, demo_site):
    congress = Congress.objects.get(organization__code="HN-TH", term__name="2020–2025")
    Congress.objects.filter(pk=congress.pk).update(kind="delegate")
    DelegatePlan.objects.filter(congress=congress).delete()

    sign_in(page, demo_site, "canbo.tayho")
    page.goto(f"{demo_site}/delegates/congresses/{congress.pk}/")
    page.locator("input[name='plan-total']").fill("250")
    page.get_by_role("button", name="Tạo đề án và đề xuất phân bổ").click()

    expect(page.locator("caption", has_text="các tổ chức trực thuộc")).to_be_visible()
    plan = DelegatePlan.objects.get(congress=congress)
    quotas = list(plan.quotas.all())
    assert len(quotas) == 26  # Tây Hồ's grassroots organizations, one quota each
    assert sum(quota.seats for quota in quotas) == plan.elected == 250
    assert min(quota.seats for quota in quotas) >= 1
    expect(page.locator(".alert-warning")).to_have_count(0)  # the seats add up: no warning


def test_the_credentials_report_of_quan_9_reads_its_roll(page, demo_site):
    congress = Congress.objects.get(organization__code="HCM-Q9", term__name="2020–2025")

    sign_in(page, demo_site, "admin")
    page.goto(f"{demo_site}/delegates/congresses/{congress.pk}/credentials/")
    totals = page.locator("#credentials-totals")
    expect(totals).to_contain_text("299")
    expect(page.locator("#by-selection")).to_contain_text("262")
    expect(page.locator("#by-selection")).to_contain_text("Đương nhiên")
    expect(page.locator("#not-accepted li")).to_have_count(1)
    expect(page.get_by_role("button", name="Báo cáo thẩm tra tư cách (PDF)")).to_be_visible()
