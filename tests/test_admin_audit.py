"""Changes made in Django's admin write audit rows (issue 21, item 6): grants, kinds of
organization, terms and their level rules, the "delete selected" action."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from congresses.models import Term, TermLevelRule
from organizations.models import OrganizationKind, RoleGrant
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    client.user = user
    return client


def _value(bound):
    value = bound.value()
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value) if not isinstance(value, bool) else ("on" if value else "")


def form_data(response):
    """The POST of the admin change page as it was shown, inlines included."""
    form = response.context["adminform"].form
    data = {bound.html_name: _value(bound) for bound in form}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= {bound.html_name: _value(bound) for bound in formset.management_form}
        for inline_form in formset.forms:
            data |= {bound.html_name: _value(bound) for bound in inline_form}
    return {key: value for key, value in data.items() if value != ""}


def test_role_grants_added_changed_and_deleted_in_the_admin_are_audited(admin_client, tree):
    user = UserFactory()
    add = admin_client.post(
        reverse("admin:organizations_rolegrant_add"),
        {"user": user.pk, "role": "leader", "organization": tree["xuan_la"].pk},
    )
    assert add.status_code == 302
    grant = RoleGrant.objects.get(user=user)
    change_url = reverse("admin:organizations_rolegrant_change", args=[grant.pk])
    data = form_data(admin_client.get(change_url)) | {
        "role": "staff",
        "organization": tree["tay_ho"].pk,
    }
    assert admin_client.post(change_url, data).status_code == 302
    delete_url = reverse("admin:organizations_rolegrant_delete", args=[grant.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302

    events = list(AuditEvent.objects.filter(action__startswith="admin.").order_by("pk"))
    assert [event.action for event in events] == ["admin.added", "admin.changed", "admin.deleted"]
    assert {event.actor for event in events} == {admin_client.user}
    assert {event.target_id for event in events} == {str(grant.pk)}
    assert events[0].data["after"]["role"] == "leader"
    assert events[1].data == {
        "before": {"role": "leader", "organization": tree["xuan_la"].pk},
        "after": {"role": "staff", "organization": tree["tay_ho"].pk},
    }
    assert events[1].organization_path == tree["tay_ho"].path
    assert events[2].data["before"]["role"] == "staff"


def test_the_delete_selected_action_is_audited(admin_client, tree):
    grants = [UserFactory(scope=tree["tay_ho"], role="leader").role_grants.get() for _ in range(2)]

    admin_client.post(
        reverse("admin:organizations_rolegrant_changelist"),
        {"action": "delete_selected", "_selected_action": [g.pk for g in grants], "post": "yes"},
    )

    assert not RoleGrant.objects.filter(pk__in=[g.pk for g in grants]).exists()
    assert sorted(
        AuditEvent.objects.filter(action="admin.deleted").values_list("target_id", flat=True)
    ) == sorted(str(g.pk) for g in grants)


def test_term_level_rules_changed_inline_are_audited(admin_client):
    term = Term.objects.get(name="2020–2025")
    rule = term.level_rules.order_by("level").first()
    url = reverse("admin:congresses_term_change", args=[term.pk])
    response = admin_client.get(url)
    data = form_data(response)
    prefix = response.context["inline_admin_formsets"][0].formset.prefix
    index = [
        form.instance.pk for form in response.context["inline_admin_formsets"][0].formset.forms
    ].index(rule.pk)
    data[f"{prefix}-{index}-delegate_cap"] = "77"

    assert admin_client.post(url, data).status_code == 302

    assert TermLevelRule.objects.get(pk=rule.pk).delegate_cap == 77
    event = AuditEvent.objects.get(action="admin.changed")
    assert event.target_type == "congresses.termlevelrule"
    assert event.data == {
        "before": {"delegate_cap": rule.delegate_cap},
        "after": {"delegate_cap": 77},
    }


def test_kinds_of_organization_changed_in_the_admin_are_audited(admin_client):
    kind = OrganizationKind.objects.order_by("pk").last()
    url = reverse("admin:organizations_organizationkind_change", args=[kind.pk])
    data = form_data(admin_client.get(url)) | {"name": "Chi bộ (đổi tên)"}

    assert admin_client.post(url, data).status_code == 302

    event = AuditEvent.objects.get(action="admin.changed")
    assert event.data == {"before": {"name": kind.name}, "after": {"name": "Chi bộ (đổi tên)"}}


def test_an_authenticator_is_never_added_in_the_admin_and_deleting_one_is_audited(
    admin_client, tree
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    owner = UserFactory(scope=tree["tay_ho"], role="staff")
    device = TOTPDevice.objects.create(user=owner, name="default", confirmed=True)
    assert admin_client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403

    admin_client.post(
        reverse("admin:otp_totp_totpdevice_changelist"),
        {"action": "delete_selected", "_selected_action": [device.pk], "post": "yes"},
    )

    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    event = AuditEvent.objects.get(action="admin.deleted", target_id=str(device.pk))
    assert event.actor == admin_client.user
    assert event.data["before"]["name"] == "default"  # the row, without its secret key
    assert "key" not in event.data["before"]


def test_a_rule_of_the_pack_edited_in_the_admin_is_audited(admin_client):
    """Issue 15, item 4: the rule packs are data, corrected in the admin (an article checked
    against the document), with an audit row."""
    import json

    from congresses.models import TermRule

    rule = TermRule.objects.get(term__name="2025–2030", rule_id="R-WV-12")
    url = reverse("admin:congresses_termrule_change", args=[rule.pk])
    response = admin_client.get(url)
    data = form_data(response)
    for name in ("parameters", "term_fields", "level_fields"):
        # As the page sends them: the value and its hidden initial (a callable default).
        data[name] = data[f"initial-{name}"] = json.dumps(getattr(rule, name))
    data["article"] = "mục 3"

    assert admin_client.post(url, data).status_code == 302

    assert TermRule.objects.get(pk=rule.pk).article == "mục 3"
    event = AuditEvent.objects.get(action="admin.changed")
    assert event.target_type == "congresses.termrule"
    assert event.data == {"before": {"article": ""}, "after": {"article": "mục 3"}}
