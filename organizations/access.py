"""The one module that owns scope in the organization tree.

A user sees the subtrees of their role grants (Wagtail's page permissions, in path form).
Out of scope, an object does not exist for them (404); in scope but not allowed, 403.
Superusers (site administrators of the whole installation) see everything.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from core.paths import subtree_q
from organizations.choices import TREE_ROLES, WRITE_ROLES, Role

security_logger = logging.getLogger("congress_admin.security")

NOTHING = Q(pk__in=[])
# RoleGrant.source of the grants that follow a working group ("working_group:<id>").
GROUP_SOURCE = "working_group:"


def user_grants(user):
    """(role, organization path) pairs of `user`, read once per request and kept on the user.

    A working group never gives more than the member's own ceiling: when the grants an
    administrator made (`source` empty) are all read-only, the grants that follow a working
    group read only too (they count as LEADER). An account with no grant of its own is a
    working-group account and keeps the working-group role over its assignments.
    """
    cached = getattr(user, "_role_grants", None)
    if cached is None:
        from organizations.models import RoleGrant

        rows = list(
            RoleGrant.objects.filter(user=user)
            .order_by("organization__path", "role")
            .values_list("role", "organization__path", "source")
        )
        own = {role for role, _path, source in rows if not source}
        read_only = bool(own) and not own & WRITE_ROLES
        cached = [
            (Role.LEADER if read_only and source.startswith(GROUP_SOURCE) else role, path)
            for role, path, source in rows
        ]
        user._role_grants = cached
    return cached


def _active(user):
    """True for a signed-in account that is not deactivated."""
    return user.is_authenticated and user.is_active


def _site_admin(user):
    """True for an active superuser (a site administrator of the whole installation)."""
    return _active(user) and user.is_superuser


def refuse(message, *args):
    """Log a refused access on the security log, then raise PermissionDenied (403)."""
    security_logger.warning(message, *args)
    raise PermissionDenied


def granted_path_q(user, field="path", roles=None):
    """Q over `field` (an organization path) matching the subtrees granted to `user`,
    limited to grants of `roles` when given."""
    if not _active(user):
        return NOTHING
    if user.is_superuser:
        return Q()
    query = NOTHING
    for role, path in user_grants(user):
        if roles is None or role in roles:
            query |= subtree_q(path, field)
    return query


def visible_path_q(user, field="path"):
    """The subtrees `user` may see."""
    return granted_path_q(user, field)


def writable_path_q(user, field="path"):
    """The subtrees where `user` holds a role that may write."""
    return granted_path_q(user, field, WRITE_ROLES)


def holds_role_over(user, path, roles):
    """True if `user` holds one of `roles` (or ADMIN) over a subtree containing `path`."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    wanted = set(roles) | {Role.ADMIN}
    return any(role in wanted and path.startswith(granted) for role, granted in user_grants(user))


def has_role(user, organization, roles):
    """True if `user` holds one of `roles` (or ADMIN) over a subtree containing `organization`."""
    return holds_role_over(user, organization.path, roles)


def can_write(user, organization):
    return has_role(user, organization, WRITE_ROLES)


def require_role(user, organization, roles):
    """Raise PermissionDenied (403) unless `user` holds one of `roles` over `organization`."""
    if not has_role(user, organization, roles):
        refuse(
            "access denied: user=%s organization=%s roles=%s",
            user.pk,
            organization.pk,
            ",".join(sorted(roles)),
        )


def require_write(user, organization):
    require_role(user, organization, WRITE_ROLES)


def can_change_tree(user):
    """True if `user` may create or import organizations somewhere (a tree role)."""
    if not _active(user):
        return False
    return user.is_superuser or any(role in TREE_ROLES for role, _path in user_grants(user))


def require_tree_role(user):
    """403 unless `user` may change the tree somewhere."""
    if not can_change_tree(user):
        refuse("access denied: user=%s tree change", user.pk)


def can_restructure(user, organization):
    """True if `user` may move or merge `organization`: a tree role over the organization that
    holds it (a grant over an organization itself does not reach its place in the tree)."""
    if _site_admin(user):
        return True
    return organization.depth > 1 and holds_role_over(user, organization.parent_path, TREE_ROLES)


def can_place_under(user, organization):
    """True if `user` may put organizations under (or merge them into) `organization`."""
    return has_role(user, organization, TREE_ROLES)


def require_restructure(user, organization):
    """403 unless `user` may move or merge `organization`."""
    if not can_restructure(user, organization):
        refuse("access denied: user=%s organization=%s restructure", user.pk, organization.pk)


def assignable_users(actor, owner):
    """The accounts `actor` may put in a working group of `owner` (the committee whose group
    it is): those holding a grant of their own (made by an administrator) inside `owner`'s
    subtree and inside the subtrees where `actor` holds a tree role, and working-group
    accounts (no grant of their own) whose group grants stand there. Never another
    district's accounts, even for a site administrator (superuser) or a city's staff. A site
    administrator may also add an account holding no grant at all (how a brand-new
    working-group account gets its first group)."""
    from django.contrib.auth import get_user_model

    from organizations.models import RoleGrant

    users = get_user_model().objects.filter(is_active=True, is_superuser=False)
    inside = granted_path_q(actor, "organization__path", TREE_ROLES) & subtree_q(
        owner.path, "organization__path"
    )
    own = RoleGrant.objects.filter(source="")
    in_groups = RoleGrant.objects.filter(inside, source__startswith=GROUP_SOURCE)
    allowed = Q(pk__in=own.filter(inside).values("user")) | (
        Q(pk__in=in_groups.values("user")) & ~Q(pk__in=own.values("user"))
    )
    if _site_admin(actor):
        allowed |= ~Q(pk__in=RoleGrant.objects.values("user"))
    return users.filter(allowed)


def get_visible_organization_or_404(user, pk, *, related=()):
    """The organization `pk` if `user` may see it, else 404; with the `related` relations
    (select_related) read in the same query."""
    from organizations.models import Organization

    organizations = Organization.objects.visible_to(user)
    if related:
        organizations = organizations.select_related(*related)
    return get_object_or_404(organizations, pk=pk)
