from django.contrib import admin

from congresses.models import Term, TermLevelRule
from core.admin_audit import AuditedAdmin


class TermLevelRuleInline(admin.TabularInline):
    model = TermLevelRule
    extra = 0


@admin.register(Term)
class TermAdmin(AuditedAdmin):
    """Terms and their settings are data a site administrator keeps (rules change per term)."""

    list_display = ["name", "starts_on", "ends_on", "delegate_congress_threshold"]
    inlines = [TermLevelRuleInline]
