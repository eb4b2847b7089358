"""Headers and logs: personal pages and downloads are never cached, every response carries a
Permissions-Policy, and a refused request is one log line without a traceback."""

import logging

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def no_store(response):
    return "no-store" in response.get("Cache-Control", "")


def test_a_signed_in_page_is_never_stored_and_says_which_features_it_may_use(client, tree):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    response = client.get(reverse("organizations:member-list", args=[tree["tay_ho"].pk]))
    assert response.status_code == 200
    assert no_store(response)
    assert "private" in response["Cache-Control"]
    assert "camera=()" in response["Permissions-Policy"]


def test_an_export_is_never_stored(client, tree):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    response = client.get(reverse("organizations:organization-export", args=[tree["tay_ho"].pk]))
    assert response.status_code == 200
    assert response.has_header("Content-Disposition")
    assert no_store(response)


def test_the_sign_in_page_carries_the_policy_too(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "geolocation=()" in response["Permissions-Policy"]


def test_a_refused_request_is_one_log_line_without_a_traceback(client, tree, caplog):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))  # reads, never writes
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("organizations:member-create", args=[tree["tay_ho"].pk]))
    assert response.status_code == 403
    records = [record for record in caplog.records if record.name == "django.request"]
    assert [record.levelname for record in records] == ["WARNING"]
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text
