from django.contrib import admin

from core.admin_audit import AuditedAdmin
from organizations.models import (
    MemberMove,
    Organization,
    OrganizationKind,
    OrganizationMove,
    RoleGrant,
)


@admin.register(OrganizationKind)
class OrganizationKindAdmin(AuditedAdmin):
    list_display = ["name", "code", "level", "valid_from", "valid_until"]
    filter_horizontal = ["allowed_parents"]


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    """Read-only here: the tree changes only through organizations.services."""

    list_display = ["code", "name", "kind", "depth"]
    search_fields = ["code", "name"]
    list_filter = ["kind"]
    readonly_fields = ["path", "depth", "numchild"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RoleGrant)
class RoleGrantAdmin(AuditedAdmin):
    list_display = ["user", "role", "organization", "created_at"]
    list_filter = ["role"]
    autocomplete_fields = ["organization"]
    search_fields = ["user__username", "organization__name", "organization__code"]


class _ReadOnlyAdmin(AuditedAdmin):
    """Read-only: written by organizations.services only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OrganizationMove)
class OrganizationMoveAdmin(_ReadOnlyAdmin):
    """The moves in the tree, with their day (the tree on an earlier date replays them)."""

    list_display = ["organization", "old_path", "new_path", "moved_on", "created_at"]
    list_select_related = ["organization"]
    search_fields = ["organization__code", "organization__name"]
    date_hierarchy = "moved_on"


@admin.register(MemberMove)
class MemberMoveAdmin(_ReadOnlyAdmin):
    """The members a merger moved straight from a predecessor into its successor."""

    list_display = ["member", "from_organization", "to_organization", "moved_on"]
    list_select_related = ["member", "from_organization", "to_organization"]
    search_fields = ["member__code", "from_organization__code", "to_organization__code"]
