from django.contrib import admin

from recognition.models import AwardAuthority, Campaign, Period


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "regulation", "uses_points", "exemplary_label"]
    list_filter = ["kind", "uses_points"]


@admin.register(AwardAuthority)
class AwardAuthorityAdmin(admin.ModelAdmin):
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
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "starts_on", "ends_on"]
    search_fields = ["name"]
