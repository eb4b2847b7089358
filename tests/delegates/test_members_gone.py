"""Members gone (issue 15, item 1) are not offered as delegates, and the allocation on a date
after they left does not count them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from delegates import selectors
from organizations import services
from organizations.models import Member

pytestmark = pytest.mark.django_db


def test_a_member_gone_is_neither_offered_nor_allocated(client, district, congress, staff):
    today = timezone.localdate()
    xuan_la = district["wards"][0]
    gone = Member.objects.in_subtree(xuan_la).order_by("pk").first()
    before = dict(selectors.children_with_official_members(district["tay_ho"], as_of=today))
    services.end_membership(member=gone, actor=None, expected_version=gone.version)
    client.force_login(staff)

    response = client.get(
        reverse("delegates:delegate-roll", args=[congress.pk]), {"find": gone.full_name}
    )
    after = dict(selectors.children_with_official_members(district["tay_ho"], as_of=today))
    yesterday = today - datetime.timedelta(days=1)
    then = dict(selectors.children_with_official_members(district["tay_ho"], as_of=yesterday))

    assert gone.pk not in [member.pk for member in response.context["found"]]
    assert after[xuan_la] == before[xuan_la] - 1
    assert then[xuan_la] == before[xuan_la]
