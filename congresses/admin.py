from django.contrib import admin

from congresses.models import Term, TermDocument, TermLevelRule, TermRule
from core.admin_audit import AuditedAdmin


class TermLevelRuleInline(admin.TabularInline):
    model = TermLevelRule
    extra = 0


@admin.register(Term)
class TermAdmin(AuditedAdmin):
    """Terms and their settings are data a site administrator keeps (rules change per term)."""

    list_display = ["name", "starts_on", "ends_on", "delegate_congress_threshold"]
    inlines = [TermLevelRuleInline]


@admin.register(TermDocument)
class TermDocumentAdmin(AuditedAdmin):
    """The source documents of a term's rule pack (issue 15, item 4)."""

    list_display = ["__str__", "term", "role", "issued_on"]
    list_filter = ["term", "role"]


@admin.register(TermRule)
class TermRuleAdmin(AuditedAdmin):
    """The rules of a term's rule pack: data a site administrator corrects when a document's
    article is checked or a rule marked inferred or unresolved is settled."""

    list_display = ["rule_id", "term", "section", "document", "article", "status", "in_force"]
    list_filter = ["term", "section", "status", "in_force"]
    search_fields = ["rule_id", "statement", "statement_en"]
    list_select_related = ["term", "document"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "document":
            kwargs["queryset"] = TermDocument.objects.select_related("term")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
