from django.contrib import admin

from core.admin_audit import AuditedAdmin
from organizations.models import Organization, OrganizationKind, RoleGrant


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
