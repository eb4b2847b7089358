from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from congresses import rulepacks
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


class TermRuleForm(forms.ModelForm):
    """A rule of a pack as the admin enters it: its parameters' keys and values, and the
    settings it names, checked against what the application knows (congresses.rulepacks
    .problems_of), each refusal naming the key or field; its source among its term's
    documents."""

    class Meta:
        model = TermRule
        fields = [
            "term", "rule_id", "section", "statement", "statement_en", "document", "article",
            "article_en", "parameters", "term_fields", "level_fields", "status", "note",
            "in_force",
        ]  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        problems = rulepacks.problems_of(
            parameters=cleaned.get("parameters", {}),
            term_fields=cleaned.get("term_fields", []),
            level_fields=cleaned.get("level_fields", []),
        )
        for name, messages in problems.items():
            if name not in self.errors:
                for message in messages:
                    self.add_error(name, message)
        term, document = cleaned.get("term"), cleaned.get("document")
        if term is not None and document is not None and document.term_id != term.pk:
            self.add_error(
                "document",
                _("%(document)s is a source document of the term %(other)s, not of %(term)s.")
                % {"document": document, "other": document.term, "term": term},
            )
        return cleaned


@admin.register(TermRule)
class TermRuleAdmin(AuditedAdmin):
    """The rules of a term's rule pack: data a site administrator corrects when a document's
    article is checked or a rule marked inferred or unresolved is settled."""

    form = TermRuleForm
    list_display = ["rule_id", "term", "section", "document", "article", "status", "in_force"]
    list_filter = ["term", "section", "status", "in_force"]
    search_fields = ["rule_id", "statement", "statement_en"]
    list_select_related = ["term", "document"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "document" in form.base_fields:
            # A rule's source is one of its own term's documents (a new rule's term is not
            # known yet: the form's clean checks it).
            form.base_fields["document"].queryset = TermDocument.objects.filter(
                term_id=obj.term_id
            ).select_related("term")
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "document":
            kwargs["queryset"] = TermDocument.objects.select_related("term")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
