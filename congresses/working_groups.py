"""Working groups (tổ công tác): who is in a group, the organizations assigned to it, and the
working-group grants that follow (docs/architecture.md, "Working groups")."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from congresses.models import WorkingGroup
from core.audit import record_audit
from core.text import normalize_text
from organizations.access import GROUP_SOURCE
from organizations.choices import Role
from organizations.models import RoleGrant


def grant_source(group):
    return f"{GROUP_SOURCE}{group.pk}"


def sync_group_grants(group):
    """Give the group's members the working-group role over exactly its assigned organizations.

    Side effects: RoleGrant rows with this group as their source created or deleted.
    """
    source = grant_source(group)
    wanted = {
        (user_id, organization_id)
        for user_id in group.members.values_list("pk", flat=True)
        for organization_id in group.organizations.values_list("pk", flat=True)
    }
    existing = {
        (grant.user_id, grant.organization_id): grant.pk
        for grant in RoleGrant.objects.filter(source=source)
    }
    RoleGrant.objects.filter(
        pk__in=[pk for key, pk in existing.items() if key not in wanted]
    ).delete()
    RoleGrant.objects.bulk_create(
        [
            RoleGrant(
                user_id=user_id,
                organization_id=organization_id,
                role=Role.WORKING_GROUP,
                source=source,
            )
            for user_id, organization_id in wanted - set(existing)
        ]
    )


@transaction.atomic
def save_working_group(
    *, group=None, term, owner, name, leader_name, members, organizations, actor
):
    """Create or change a working group and its grants.

    Assigned organizations must stand inside the owner's subtree. Side effects: the group
    row, its members and organizations, the grants that follow them, an audit row.
    """
    outside = [org for org in organizations if not org.path.startswith(owner.path)]
    if outside:
        raise ValidationError(
            {
                "organizations": _("%(name)s is outside this committee's organizations.")
                % {"name": outside[0]}
            }
        )
    name = normalize_text(name)
    duplicate = WorkingGroup.objects.filter(term=term, owner=owner, name=name)
    if group is not None:
        duplicate = duplicate.exclude(pk=group.pk)
    if duplicate.exists():
        raise ValidationError({"name": _("A working group with this name already exists.")})
    created = group is None
    before = set() if created else set(group.members.values_list("pk", flat=True))
    after = {user.pk for user in members}
    if created:
        group = WorkingGroup.objects.create(
            term=term,
            owner=owner,
            owner_path=owner.path,
            name=name,
            leader_name=normalize_text(leader_name),
        )
    else:
        WorkingGroup.objects.filter(pk=group.pk).update(
            name=name, leader_name=normalize_text(leader_name)
        )
        group.refresh_from_db()
    group.members.set(members)
    group.organizations.set(organizations)
    sync_group_grants(group)
    record_audit(
        actor=actor,
        action="working_group.created" if created else "working_group.updated",
        target=group,
        data={
            "members": sorted(after),
            # Each member added or removed gains or loses the working-group role over the
            # assigned organizations (capped at their own ceiling: organizations.access).
            "members_added": sorted(after - before),
            "members_removed": sorted(before - after),
            "organizations": sorted(org.code for org in organizations),
        },
        organization_path=owner.path,
    )
    return group
