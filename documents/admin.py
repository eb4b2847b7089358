from django.contrib import admin

from core.admin_audit import AuditedAdmin
from documents.models import (
    Comment,
    CongressDocument,
    DirectiveDocument,
    DiscussionRound,
    DocumentVersion,
    FollowUpTask,
)


@admin.register(DirectiveDocument)
class DirectiveDocumentAdmin(AuditedAdmin):
    """Read-mostly: changes go through documents.services (audit, path copies)."""

    list_display = ["number", "title", "issued_on", "organization", "term"]
    list_select_related = ["organization", "term"]
    search_fields = ["number", "title"]
    raw_id_fields = ["organization", "created_by"]


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = ["number", "file", "note", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(CongressDocument)
class CongressDocumentAdmin(AuditedAdmin):
    list_display = ["title", "kind", "congress", "approved_on"]
    list_filter = ["kind"]
    search_fields = ["title"]
    raw_id_fields = ["congress", "organization", "created_by"]
    inlines = [DocumentVersionInline]


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0


@admin.register(DiscussionRound)
class DiscussionRoundAdmin(AuditedAdmin):
    list_display = ["document", "number", "held_on"]
    raw_id_fields = ["document"]
    inlines = [CommentInline]


@admin.register(FollowUpTask)
class FollowUpTaskAdmin(AuditedAdmin):
    list_display = ["title", "kind", "organization", "deadline", "status", "done_on"]
    list_filter = ["kind", "status"]
    list_select_related = ["organization"]
    search_fields = ["title", "owner"]
    raw_id_fields = ["organization"]
