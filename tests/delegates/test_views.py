"""The delegate plan page: staff create, change and approve; leaders read; others get 404."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from congresses import rulepacks
from delegates import services
from delegates.models import DelegatePlan, DelegateQuota
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2020, 1, 1)

CREATE = {
    "action": "create",
    "plan-total": "20",
    "plan-ex_officio": "5",
    "plan-appointed": "0",
    "plan-alternates": "3",
    "plan-as_of": "01/01/2020",
}


def test_staff_create_the_plan_then_change_and_approve_it(client, congress, staff):
    url = reverse("delegates:plan", args=[congress.pk])
    client.force_login(staff)
    # Before the plan, the cap cites R-WV-05 with its source from the term's pack (issue 15,
    # item 4).
    with translation.override("vi"):
        cap_rule = rulepacks.cite(congress.term, "R-WV-05")
    assert "26-HD/BTCTW" in cap_rule
    assert cap_rule in client.get(url).content.decode()
    assert client.post(url, CREATE).status_code == 302
    plan = DelegatePlan.objects.get(congress=congress)
    quotas = list(DelegateQuota.objects.filter(plan=plan).order_by("organization__path"))
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["figures"]["balanced"]

    # A change without a reason is refused with the organization named; the input is kept.
    change = {"action": "quotas", "quota-version": plan.version}
    for quota in quotas:
        change |= {
            f"quota-seats_{quota.pk}": quota.seats,
            f"quota-alternates_{quota.pk}": quota.alternates,
            f"quota-reason_{quota.pk}": "",
        }
    change[f"quota-seats_{quotas[0].pk}"] = quotas[0].seats + 1
    change[f"quota-seats_{quotas[1].pk}"] = quotas[1].seats - 1
    response = client.post(url, change)
    assert response.status_code == 200
    assert quotas[0].organization.name in response.content.decode()
    assert f'value="{quotas[0].seats + 1}"' in response.content.decode()
    change[f"quota-reason_{quotas[0].pk}"] = "Địa bàn trọng điểm"
    change[f"quota-reason_{quotas[1].pk}"] = "Nhường một suất"
    assert client.post(url, change).status_code == 302
    plan.refresh_from_db()

    approve = {
        "action": "approve",
        "approval-version": plan.version,
        "approval-decision_body": "Ban Thường vụ Quận ủy",
        "approval-decision_number": "15-QĐ/QU",
        "approval-decision_date": "02/03/2020",
    }
    assert client.post(url, approve).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "approved"
    assert plan.decision_number == "15-QĐ/QU"


def test_a_leader_reads_the_plan_but_cannot_create_it(client, congress, tree):
    url = reverse("delegates:plan", args=[congress.pk])
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))
    assert client.get(url).status_code == 200
    assert client.post(url, CREATE).status_code == 403
    assert not DelegatePlan.objects.exists()


def test_another_district_gets_404_and_an_all_member_congress_has_no_page(client, congress, tree):
    url = reverse("delegates:plan", args=[congress.pk])
    client.force_login(UserFactory(scope=tree["long_bien"], role="staff"))
    assert client.get(url).status_code == 404
    assert client.post(url, CREATE).status_code == 404
    congress.kind = "all_member"
    congress.save(update_fields=["kind"])
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    assert client.get(url).status_code == 404
    assert not DelegatePlan.objects.exists()


def test_the_lower_congress_page_shows_its_quota_once_the_plan_is_approved(
    client, congress, district, staff
):
    plan = services.create_plan(
        congress=congress, actor=None, total=20, ex_officio=5, alternates=3, as_of=DAY
    )
    ward = district["wards"][0]
    ward_congress = ward.congresses.get(term=congress.term)
    url = reverse("congresses:congress-detail", args=[ward_congress.pk])
    client.force_login(staff)
    assert client.get(url).context["delegate_quota"] is None  # a draft is not shown
    services.approve_plan(
        plan=plan,
        actor=None,
        expected_version=plan.version,
        decision_body="Ban Thường vụ Quận ủy",
        decision_number="15-QĐ/QU",
        decision_date=datetime.date(2020, 3, 2),
    )
    page = client.get(url)
    assert page.context["delegate_quota"].seats == 8
    assert "15-QĐ/QU" in page.content.decode()
    assert "Đảng bộ quận Tây Hồ" in page.content.decode()
