from django.contrib import admin

from core.admin_audit import AuditedAdmin
from recognition.models import AwardAuthority, Campaign, Period


@admin.register(Period)
class PeriodAdmin(AuditedAdmin):
    list_display = ["__str__", "kind", "regulation", "uses_points", "exemplary_label"]
    list_filter = ["kind", "uses_points"]


@admin.register(AwardAuthority)
class AwardAuthorityAdmin(AuditedAdmin):
    list_display = [
        "granting_kind",
        "form",
        "recipient_kind",
        "regulation",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["regulation", "form"]


@admin.register(Campaign)
class CampaignAdmin(AuditedAdmin):
    list_display = ["name", "organization", "starts_on", "ends_on"]
    search_fields = ["name"]
