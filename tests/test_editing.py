"""core.editing.versioned_update: compare-and-set over a versioned row."""

import pytest
from django.db import transaction

from audit.models import AuditEvent
from core.editing import StaleEditError, versioned_update
from tests.factories import MemberFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(tree):
    return MemberFactory(organization=OrganizationFactory(parent=tree["xuan_la"]))


def save(member, version, **changes):
    with transaction.atomic():
        return versioned_update(
            instance=member, changes=changes, expected_version=version, actor=None,
            action="member.updated", stale_message="stale", organization_path=member.org_path,
        )  # fmt: skip


def test_a_change_bumps_the_version_and_is_audited(member):
    updated = save(member, 1, ethnicity="Tày")
    assert (updated.ethnicity, updated.version) == ("Tày", 2)
    assert AuditEvent.objects.filter(action="member.updated").count() == 1


def test_a_stale_form_is_refused_even_when_its_values_are_already_there(member):
    """Two people load version 1 and both set "Tày": the second is told someone saved first,
    not told that a save succeeded that never happened (the load test counts on it)."""
    save(member, 1, ethnicity="Tày")
    with pytest.raises(StaleEditError):
        save(member, 1, ethnicity="Tày")
    with pytest.raises(StaleEditError):
        save(member, 1, ethnicity="Kinh")
    member.refresh_from_db()
    assert (member.ethnicity, member.version) == ("Tày", 2)
    assert AuditEvent.objects.filter(action="member.updated").count() == 1


def test_an_unchanged_save_on_the_current_version_writes_nothing(member):
    assert save(member, 1, ethnicity=member.ethnicity).version == 1
    assert not AuditEvent.objects.filter(action="member.updated").exists()


def test_the_member_service_refuses_a_stale_form_whose_values_are_already_there(member):
    from organizations import services

    with transaction.atomic():
        services.update_member(member=member, actor=None, expected_version=1, ethnicity="Tày")
    member.refresh_from_db()
    with pytest.raises(StaleEditError), transaction.atomic():
        services.update_member(member=member, actor=None, expected_version=1, ethnicity="Tày")
    member.refresh_from_db()
    assert member.version == 2
