"""The audit log's action codes in words: the list shows "Member added", not `member.created`.
A code missing here (a new one) is shown as it is stored."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "admin.added": _("Added in the administration"),
    "admin.changed": _("Changed in the administration"),
    "admin.deleted": _("Deleted in the administration"),
    "congress.plan_created": _("Term plan created"),
    "congress.progress_recorded": _("Progress recorded"),
    "congress.stage_changed": _("Congress stage changed"),
    "congress.updated": _("Congress plan changed"),
    "congress_document.approved": _("Document approved"),
    "congress_document.comment_added": _("Comment on a document added"),
    "congress_document.created": _("Document added"),
    "congress_document.round_added": _("Round of comments opened"),
    "congress_document.version_added": _("Document version added"),
    "demo.seeded": _("Demo data loaded"),
    "directive.created": _("Directive added"),
    "directive.deleted": _("Directive deleted"),
    "follow_up.created": _("Follow-up added"),
    "follow_up.updated": _("Follow-up changed"),
    "member.created": _("Member added"),
    "member.updated": _("Member's data changed"),
    "organization.created": _("Organization created"),
    "organization.merged": _("Organizations merged"),
    "organization.merger_congress_held": _("Merged although the congress was held"),
    "organization.moved": _("Organization moved"),
    "organization.updated": _("Organization changed"),
    "otp.enrolled": _("Two-step sign-in set up"),
    "otp.enrolment_issued": _("Two-step sign-in link issued"),
    "personnel.ballot_created": _("Election added"),
    "personnel.candidate_added": _("Candidate added"),
    "personnel.candidate_removed": _("Candidate removed"),
    "personnel.candidate_updated": _("Candidate changed"),
    "personnel.complaint_recorded": _("Complaint recorded"),
    "personnel.counting_member_added": _("Counting committee member added"),
    "personnel.key_post_nominated": _("Key post nominee approved"),
    "personnel.plan_created": _("Committee plan created"),
    "personnel.plan_updated": _("Committee plan changed"),
    "personnel.round_recorded": _("Election round recorded"),
    "recognition.campaign_created": _("Campaign created"),
    "recognition.commendation_approved": _("Commendation approved"),
    "recognition.commendation_proposed": _("Commendation proposed"),
    "recognition.rating_saved": _("Classification saved"),
    "recognition.work_registered": _("Work registered"),
    "recognition.work_updated": _("Work changed"),
    "signin.unlocked": _("Sign-in unlocked"),
    "spreadsheet.imported": _("Spreadsheet imported"),
    "training.recorded": _("Training session recorded"),
    "working_group.created": _("Working group created"),
    "working_group.updated": _("Working group changed"),
}


def action_label(code):
    return ACTION_LABELS.get(code, code)
