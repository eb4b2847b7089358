"""Login throttling, the content security policy, two-factor sign-in, the audit log viewer and
personnel data kept out of the logs."""

import logging
import re
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core import signing
from django.core.management import call_command
from django.core.signing import b62_encode
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from congress_admin import otp
from core.audit import record_audit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def test_five_wrong_passwords_lock_the_account_from_that_address(client, tree):
    user = UserFactory(scope=tree["tay_ho"], role="staff")
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": user.username, "password": "wrong"})
        assert response.status_code == 200  # the form again, with its error
    response = client.post(url, {"username": user.username, "password": "wrong"})
    assert response.status_code == 429  # the last allowed failure locks
    response = client.post(url, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same address (and the same browser) still signs in.
    other = UserFactory(scope=tree["tay_ho"], role="leader")
    response = client.post(url, {"username": other.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_a_successful_sign_in_clears_the_earlier_failures(client, tree):
    from axes.models import AccessAttempt

    user = UserFactory(scope=tree["tay_ho"], role="staff")
    url = reverse("login")
    wrong = {"username": user.username, "password": "wrong"}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(url, wrong).status_code == 200
    assert client.post(url, {"username": user.username, "password": PASSWORD}).status_code == 302
    assert not AccessAttempt.objects.filter(username=user.username).exists()
    client.logout()

    # as many failures again as before the success: still below the limit, no lockout
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(url, wrong).status_code == 200
    assert AccessAttempt.objects.get(username=user.username).failures_since_start == (
        settings.AXES_FAILURE_LIMIT - 1
    )


def test_pages_carry_a_strict_content_security_policy(client, tree):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    response = client.get(reverse("organizations:organization-detail", args=[tree["tay_ho"].pk]))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_templates_hold_no_inline_script_style_or_handler():
    """What the policy would block: inline <script>, <style>, style= and on...= attributes.
    The PDF templates are rendered by WeasyPrint, never served to a browser."""
    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        if "reports/pdf" in path.as_posix():
            continue
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{path}: inline script")
        if re.search(r"<style\b", text) or re.search(r"\sstyle=", text):
            offenders.append(f"{path}: inline style")
        if re.search(r"\son[a-z]+=", text):
            offenders.append(f"{path}: event handler attribute")
    assert offenders == []


def _admin():
    return UserFactory(is_superuser=True, is_staff=True)


@override_settings(REQUIRE_OTP=True)
def test_staff_enrol_through_a_link_then_confirm_a_code_before_anything_else(client, tree):
    user = UserFactory(scope=tree["tay_ho"], role="staff")
    client.force_login(user)
    page = reverse("organizations:organization-detail", args=[tree["tay_ho"].pk])

    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp"))
    # Without a device, knowing the password is not enough to set one up.
    ask = client.get(response["Location"])
    assert "data:image/svg+xml" not in ask.content.decode()
    assert ask.context["no_device"]
    client.post(reverse("otp"), {"token": "000000"})
    assert not TOTPDevice.objects.filter(user=user).exists()

    with transaction.atomic():
        link = otp.issue_enrolment(user=user, actor=_admin())
    setup = client.get(link)
    assert "data:image/svg+xml" in setup.content.decode()  # the QR code, served inline
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    wrong = client.post(link, {"token": "000000"})
    assert wrong.status_code == 200
    assert client.get(page).status_code == 302
    # A second try at once is refused without checking the code (throttling).
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    device.throttle_reset()

    response = client.post(link, {"token": f"{totp(device.bin_key):06d}"})
    assert response.status_code == 302
    assert client.get(page).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(link).status_code == 404  # used: the link is dead
    assert list(
        AuditEvent.objects.filter(target_id=str(user.pk), action__startswith="otp.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["otp.enrolment_issued", "otp.enrolled"]


@override_settings(REQUIRE_OTP=True)
def test_the_code_page_confirms_a_code_of_the_enrolled_device(client, tree):
    user = UserFactory(scope=tree["tay_ho"], role="staff")
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    client.force_login(user)
    page = reverse("organizations:organization-detail", args=[tree["tay_ho"].pk])

    response = client.post(
        f"{reverse('otp')}?next={page}", {"token": f"{totp(device.bin_key):06d}"}
    )

    assert response["Location"] == page
    assert client.get(page).status_code == 200


@pytest.mark.parametrize("role", ["working_group", "secretary", "leader", "staff", "admin"])
@override_settings(REQUIRE_OTP=True)
def test_every_role_confirms_a_code(client, tree, role):
    client.force_login(UserFactory(scope=tree["xuan_la"], role=role))
    response = client.get(reverse("organizations:organization-detail", args=[tree["xuan_la"].pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp"))


@override_settings(REQUIRE_OTP=True)
def test_a_group_member_without_a_grant_of_their_own_confirms_a_code(client, tree):
    from congresses.models import Term
    from congresses.working_groups import save_working_group

    user = UserFactory()
    save_working_group(
        term=Term.objects.get(name="2020–2025"), owner=tree["tay_ho"], name="Tổ 1",
        leader_name="", members=[user], organizations=[tree["xuan_la"]], actor=None,
    )  # fmt: skip
    client.force_login(user)
    assert client.get(reverse("congresses:worklist")).status_code == 302


@override_settings(REQUIRE_OTP=True)
def test_an_enrolment_link_works_for_its_user_once_and_not_after_it_expires(
    client, tree, monkeypatch
):
    user = UserFactory(scope=tree["tay_ho"], role="staff")
    other = UserFactory(scope=tree["tay_ho"], role="staff")
    with transaction.atomic():
        link = otp.issue_enrolment(user=user, actor=None)

    client.force_login(other)
    assert client.get(link).status_code == 404  # another account's link
    client.force_login(user)
    assert client.get(link).status_code == 200
    assert client.get(link).status_code == 200  # the same session may reload it
    second_browser = Client()
    second_browser.force_login(user)
    assert second_browser.get(link).status_code == 404  # claimed by the first session
    with transaction.atomic():
        newer = otp.issue_enrolment(user=user, actor=None)
    assert client.get(link).status_code == 404  # voided by the newer link
    assert client.get(newer[:-3] + "abc/").status_code == 404  # tampered

    issued = int(time.time()) - settings.OTP_ENROLMENT_SECONDS - 10
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: b62_encode(issued))
    with transaction.atomic():
        expired = otp.issue_enrolment(user=user, actor=None)
    monkeypatch.undo()
    assert Client().get(expired).status_code == 302  # signed out: the sign-in page first
    assert second_browser.get(expired).status_code == 404


def test_administrators_issue_enrolment_links_from_the_admin_and_the_command(client, tree):
    user = UserFactory(scope=tree["tay_ho"], role="leader")
    admin_user = _admin()
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "issue_otp_enrolment", "_selected_action": [user.pk]},
        follow=True,
    )
    shown = " ".join(str(message) for message in response.context["messages"])
    assert "/accounts/otp/enrol/" in shown
    out = StringIO()
    call_command("issue_otp_enrolment", user.username, "--base-url", "https://x.vn/", stdout=out)
    assert out.getvalue().startswith("https://x.vn/accounts/otp/enrol/")
    events = AuditEvent.objects.filter(action="otp.enrolment_issued", target_id=str(user.pk))
    assert [event.actor for event in events.order_by("pk")] == [admin_user, None]
    # The command's link voided the admin's: one unconfirmed device left.
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_without_the_setting_no_code_is_asked(client, tree):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    page = reverse("organizations:organization-detail", args=[tree["tay_ho"].pk])
    assert client.get(page).status_code == 200


def test_audit_log_for_site_administrators_within_their_scope(client, tree, django_db_blocker):
    from django.db import transaction

    with transaction.atomic():
        for organization in (tree["tay_ho"], tree["long_bien"]):
            record_audit(actor=None, action="test.changed", target=organization,
                         organization_path=organization.path)  # fmt: skip
    url = reverse("audit:event-list")
    client.force_login(UserFactory(scope=tree["tay_ho"], role="admin"))
    shown = {event.target_repr for event in client.get(url, {"action": "test."}).context["page"]}
    assert shown == {tree["tay_ho"].name}

    client.force_login(UserFactory(is_superuser=True))
    response = client.get(url, {"action": "test.", "organization": "HN-LB"})
    assert [event.target_repr for event in response.context["page"]] == [tree["long_bien"].name]

    client.force_login(UserFactory(scope=tree["city"], role="staff"))
    assert client.get(url).status_code == 403
    assert AuditEvent.objects.filter(action="test.changed").count() == 2


def test_personnel_data_never_reach_the_logs(client, tree, caplog):
    """Adding a candidate, a complaint and a round, refused or accepted, at DEBUG level: no
    log record holds the candidate's name, birth date or the complaint's text."""
    from congresses import services as congress_services
    from congresses.models import Term
    from personnel import services

    term = Term.objects.get(name="2020–2025")
    congress_services.create_term_plan(term=term, root=tree["tay_ho"], actor=None)
    congress = tree["tay_ho"].congresses.get(term=term)
    ballot = services.add_ballot(congress=congress, actor=None, kind="secretary", seats=1)
    staff = UserFactory(scope=tree["tay_ho"], role="staff")
    outsider = UserFactory(scope=tree["long_bien"], role="staff")
    secrets = ["Hoàng Thị Bí Mật", "13/07/1983", "Đơn tố cáo nội dung riêng tư"]
    caplog.set_level(logging.DEBUG)

    client.force_login(staff)
    client.post(reverse("personnel:ballot-detail", args=[ballot.pk]), {
        "action": "add", "full_name": secrets[0], "gender": "female",
        "birth_date": secrets[1], "ethnicity": "Kinh",
    })  # fmt: skip
    candidate = ballot.candidates.get()
    client.post(reverse("personnel:candidate-complaints", args=[candidate.pk]), {
        "received_on": "20/07/2020", "source": "named", "summary": secrets[2],
    })  # fmt: skip
    client.post(reverse("personnel:round-create", args=[ballot.pk]), {
        "convened": "10", "excluded_absent_with_reason": "0", "excluded_suspended": "0",
        "excluded_other": "0", "ballots_issued": "12", "ballots_returned": "9",
        "ballots_valid": "9", "ballots_invalid": "0", f"votes_{candidate.pk}": "8", "number": "1",
    })  # fmt: skip
    client.force_login(outsider)
    client.post(reverse("personnel:candidate-complaints", args=[candidate.pk]), {
        "received_on": "20/07/2020", "source": "named", "summary": secrets[2],
    })  # fmt: skip

    assert candidate.complaints.count() == 1
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "refused" in logged or "404" in logged or logged  # the refusal was logged somewhere
    for secret in secrets:
        assert secret not in logged
