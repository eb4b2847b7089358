"""Sign-in lockout behind reverse proxies: axes locks a username with the *client's* address
(read through PROXY_COUNT proxies), a slower per-account limit delays guessing from many
addresses without locking the owner out, and an administrator unlocks from the admin (audited)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from audit.models import AuditEvent
from congress_admin.signin import account_wait_seconds
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
PROXY = "10.0.0.2"


def sign_in(client, username, password, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def fail_until_locked(client, username, **meta):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, username, "wrong", **meta).status_code == 200
    assert sign_in(client, username, "wrong", **meta).status_code == 429


@override_settings(PROXY_COUNT=1)
def test_behind_a_proxy_the_attack_locks_only_the_attackers_address(client, tree):
    victim = UserFactory(scope=tree["tay_ho"], role="staff")
    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    fail_until_locked(client, victim.username, **attacker)
    # The attacker's address stays locked, even with the right password...
    assert sign_in(client, victim.username, PASSWORD, **attacker).status_code == 429
    # ...and even when it claims the victim's address in front of its own.
    spoofed = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.9"}
    assert sign_in(client, victim.username, PASSWORD, **spoofed).status_code == 429
    assert AccessAttempt.objects.get(username=victim.username).ip_address == "203.0.113.9"

    # The victim, through the same proxy from their own address, signs in.
    response = sign_in(
        client, victim.username, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(victim.pk)


@override_settings(PROXY_COUNT=2)
def test_with_two_proxies_the_client_is_the_second_entry_from_the_right(client, tree):
    victim = UserFactory(scope=tree["tay_ho"], role="staff")
    # client 203.0.113.9 -> proxy 10.0.0.1 (appends the client) -> proxy 10.0.0.2 (appends 10.0.0.1)
    chain = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9, 10.0.0.1"}
    fail_until_locked(client, victim.username, **chain)
    assert AccessAttempt.objects.get(username=victim.username).ip_address == "203.0.113.9"


@override_settings(PROXY_COUNT=0)
def test_without_a_proxy_a_forwarded_header_is_ignored(client, tree):
    victim = UserFactory(scope=tree["tay_ho"], role="staff")
    # An attacker connecting directly cannot choose its address with a header.
    for number in range(settings.AXES_FAILURE_LIMIT):
        forged = {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": f"198.51.100.{number}"}
        sign_in(client, victim.username, "wrong", **forged)
    assert AccessAttempt.objects.get(username=victim.username).ip_address == "203.0.113.9"
    assert sign_in(client, victim.username, PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 429
    assert sign_in(client, victim.username, PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302


@override_settings(SIGNIN_ACCOUNT_FAILURE_LIMIT=6, SIGNIN_ACCOUNT_DELAY_SECONDS=30)
def test_many_addresses_delay_the_account_but_never_lock_its_owner_out(client, tree):
    victim = UserFactory(scope=tree["tay_ho"], role="staff")
    for address in ("203.0.113.1", "203.0.113.2"):
        for _ in range(3):
            assert sign_in(client, victim.username, "wrong", REMOTE_ADDR=address).status_code == 200
    # Six failures from two addresses: below each address's limit, at the account's.
    response = sign_in(client, victim.username, PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    assert 29 <= int(response["Retry-After"]) <= 30
    assert "Vui lòng chờ" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account is not slowed down.
    other = UserFactory(scope=tree["tay_ho"], role="leader")
    assert sign_in(client, other.username, PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302
    client.logout()

    # Once the delay has passed since the last try, the owner signs in.
    AccessAttempt.objects.filter(username=victim.username).update(
        attempt_time=AccessAttempt.objects.get(
            username=victim.username, ip_address="203.0.113.2"
        ).attempt_time
        - timedelta(seconds=31)
    )
    assert account_wait_seconds(victim.username) == 0
    response = sign_in(client, victim.username, PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(victim.pk)


def test_an_administrator_unlocks_a_sign_in_from_the_admin_and_it_is_audited(client, tree):
    victim = UserFactory(scope=tree["tay_ho"], role="staff")
    fail_until_locked(client, victim.username)
    attempt = AccessAttempt.objects.get(username=victim.username)
    administrator = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(administrator)
    response = client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "unlock", "_selected_action": [attempt.pk]},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=victim.username).exists()
    event = AuditEvent.objects.get(action="signin.unlocked")
    assert event.actor == administrator
    assert event.data == {"username": victim.username, "ip_address": "127.0.0.1", "failures": 5}
    client.logout()
    assert sign_in(client, victim.username, PASSWORD).status_code == 302
