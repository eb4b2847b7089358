"""A `next` parameter is followed only when it is a path on this site: "foo" was a 500 (taken
for a URL name), another host or scheme is refused, a path is kept."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOSTILE_NEXT = ["foo", "home", "//evil.example/x", "https://evil.example/", "javascript:alert(1)"]


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_a_report_request_goes_back_to_the_job_list_unless_next_is_a_local_path(
    client, tree, next_url
):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    payload = {"organization": tree["tay_ho"].pk, "kind": "test", "next": next_url}
    response = client.post(reverse("reports:job-request"), payload)
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:job-list")


def test_a_report_request_follows_a_local_next_path(client, tree):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    page = reverse("organizations:organization-detail", args=[tree["tay_ho"].pk])
    payload = {"organization": tree["tay_ho"].pk, "kind": "test", "next": page}
    response = client.post(reverse("reports:job-request"), payload)
    assert response["Location"] == page


@override_settings(REQUIRE_OTP=True)
@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_a_confirmed_code_goes_home_unless_next_is_a_local_path(client, tree, next_url):
    user = UserFactory(scope=tree["tay_ho"], role="staff")
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    response = client.post(
        reverse("otp"), {"token": f"{totp(device.bin_key):06d}"}, QUERY_STRING=f"next={next_url}"
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
