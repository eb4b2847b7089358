from django.contrib import admin

from core.admin_audit import AuditedAdmin
from personnel.models import Ballot, Candidate, CommitteePlan, Complaint, ElectionRound


@admin.register(CommitteePlan)
class CommitteePlanAdmin(AuditedAdmin):
    list_display = ["congress", "committee_seats", "standing_seats"]
    raw_id_fields = ["congress"]


@admin.register(Candidate)
class CandidateAdmin(AuditedAdmin):
    list_display = ["full_name", "congress", "gender", "birth_date", "ethnicity", "is_incumbent"]
    search_fields = ["full_name"]
    raw_id_fields = ["congress", "member", "organization"]
    # The fields' order before CongressPerson put `full_name` ahead of them.
    fields = [
        "organization",
        "congress",
        "member",
        "full_name",
        "gender",
        "birth_date",
        "ethnicity",
        "education",
        "is_incumbent",
        "nomination",
        "nomination_agreed",
        "nomination_present",
    ]


@admin.register(Ballot)
class BallotAdmin(AuditedAdmin):
    list_display = ["congress", "kind", "seats"]
    raw_id_fields = ["congress", "candidates"]


@admin.register(ElectionRound)
class ElectionRoundAdmin(AuditedAdmin):
    list_display = ["ballot", "number", "base", "unfilled", "tie_seats"]
    raw_id_fields = ["ballot", "organization", "entered_by"]
    readonly_fields = ["base", "elected", "tied", "tie_seats", "unfilled"]


@admin.register(Complaint)
class ComplaintAdmin(AuditedAdmin):
    list_display = ["candidate", "received_on", "source", "is_resolved"]
    raw_id_fields = ["candidate", "organization"]
