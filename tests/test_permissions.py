"""The permission matrix: every URL pattern × position of the target in the tree × role
(every role where roles take different paths through organizations.access: ROLES_AT).

The user holds `role` over Đảng bộ quận Tây Hồ. Targets stand at five positions relative to
that grant: the granted organization itself (own), below it (child), beside it (sibling),
above it (parent), and in another city (other). Expected: readable → 200 (or 302 after a
successful POST); visible but not allowed → 403; outside the scope → 404; anonymous → login.
Every refused POST is shown to change nothing. A URL pattern missing from URLS fails the suite.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from audit.models import AuditEvent
from congress_day import services as congress_day_services
from congress_day.models import AgendaItem, CheckInEvent, DelegateCard, Vote
from congresses.models import Congress, Term, TrainingSession, WorkingGroup
from delegates.models import Delegate, DelegatePlan, DelegateQuota, RollExclusion
from documents import services as document_services
from documents.models import (
    Comment,
    CongressDocument,
    DirectiveDocument,
    DiscussionRound,
    DocumentVersion,
    FollowUpTask,
)
from organizations.choices import ExportStatus, ImportStatus
from organizations.models import (
    ExportJob,
    ImportJob,
    Member,
    Organization,
    OrganizationMerge,
    RoleGrant,
)
from personnel import services as personnel_services
from personnel.models import (
    Ballot,
    Candidate,
    CommitteePlan,
    Complaint,
    CountingMember,
    ElectionRound,
    KeyPostNomination,
    TallyEntry,
)
from recognition import selectors as recognition_selectors
from recognition import services as recognition_services
from recognition.models import Campaign, CampaignWork, Commendation, Rating
from reports import services as report_services
from reports.choices import JobStatus
from reports.models import QuickReport, ReportJob, SummaryNarrative
from tests.factories import (
    OPENED,
    MemberFactory,
    OrganizationFactory,
    UserFactory,
    kind,
    make_congress,
    open_congress,
)

pytestmark = pytest.mark.django_db

# "leader_in_group": a leader whom district staff also put in a working group; the group
# never gives more than the leader's own ceiling, so every expectation is the leader's.
ROLES = ["none", "leader", "leader_in_group", "working_group", "secretary", "staff", "admin"]
WRITERS = {"working_group", "secretary", "staff", "admin"}
POSITIONS = ["own", "child", "sibling", "parent", "other"]
VISIBLE = {"own", "child"}
# The roles the matrix asks at each position. organizations.access tells roles apart only
# through their sets (WRITE_ROLES, TREE_ROLES, {STAFF} with ADMIN, {ADMIN}: "secretary" and
# "working_group" are the same writer to every URL here, only the home page tells them apart),
# and it scopes by the paths granted whatever the role ("none" holds no path at all; a leader
# in a group holds the leader's path twice). So every role is asked at the granted
# organization and beside it (the sibling subtree); below it, the roles apart from "none" and
# "secretary" (asked at "own"); above it and in another city, where every role with a grant
# meets the same 404, the reader, the staff and the administrator.
ROLES_AT = {
    "own": ROLES,
    "child": ["leader", "leader_in_group", "working_group", "staff", "admin"],
    "sibling": ROLES,
    "parent": ["leader", "staff", "admin"],
    "other": ["leader", "staff", "admin"],
}


@dataclass(frozen=True)
class Case:
    """How to reach one URL pattern and what it requires.

    access: "public" (anyone), "login" (any signed-in user, no object), "read" (the target
    must be in scope), "write" (in scope and a writing role), "tree" (a tree role anywhere),
    "admin" (the site administrator role, for the audit log), "restructure" (a tree role over
    the organization holding the target: moving and merging).
    target: which object of the position the URL names ("organization", "member", "job").
    post: a function (world, position) -> POST data for a mutating URL, or None.
    """

    access: str
    target: str | None = None
    methods: tuple = ("get",)
    post: object = None
    # Status of an allowed POST: a redirect after a change, or the page again (htmx row,
    # upload form with its errors).
    post_status: int = 302
    # URL arguments beyond the target's pk: a function (world, position) -> list.
    args: object = None
    # Set-up for the signed-in user before the request: a function (world, position, user),
    # e.g. linking the user to the counting committee of the target's congress.
    prepare: object = None


def NO_DATA(world, position):
    return {}


def own_import_job(world, user):
    """The import job of the "own" position, checked and waiting for `user` to confirm it."""
    ImportJob.objects.filter(pk=world["import_jobs"]["own"].pk).update(
        requested_by=user, status=ImportStatus.READY
    )


def own_export_job(world, position, user):
    """The finished export job of `position`, handed to `user`."""
    ExportJob.objects.filter(pk=world["export_jobs"][position].pk).update(requested_by=user)


def cells_with_term_congress(world, position, user):
    """Every cell under the organization of `position` gets its congress of 2020–2025 (the
    term the congress pages default to), so its mid-term congress can be planned."""
    term = Term.objects.get(name="2020–2025")
    organization = world["organizations"][position]
    for cell in Organization.objects.in_subtree(organization).filter(kind__holds_members=True):
        if not Congress.objects.filter(organization=cell, term=term).exists():
            make_congress(cell, term=term)


def merged_after_congress(world, position, user):
    """The congress of `position` held, then an organization merged into its organization:
    its congress after the merger can be planned (R-OR-06)."""
    congress = world["congresses"][position]
    Congress.objects.filter(pk=congress.pk).update(stage="held", ended_on=OPENED, held_on=OPENED)
    Organization.objects.filter(pk=congress.organization_id).update(must_hold_congress=True)
    OrganizationMerge.objects.create(
        predecessor=OrganizationFactory(parent=world["organizations"]["parent"]),
        successor=congress.organization,
        merged_on=OPENED + datetime.timedelta(days=30),
    )


def member_payload(world, position):
    cell = world["cells"][position]
    return {
        "code": f"NEW-{position}",
        "full_name": "Lê Thị Mai",
        "gender": "female",
        "birth_date": "03/04/1980",
        "ethnicity": "Kinh",
        "admitted_on": "13/04/2005",
        "official_on": "13/04/2006",
        "organization": cell.pk if cell else "",
        "education": "upper_secondary",
        "qualification": "university",
        "political_theory": "intermediate",
    }


def member_edit_payload(world, position):
    member = world["members"][position]
    payload = member_payload(world, position)
    payload.pop("code")
    payload["organization"] = member.organization_id if member else ""
    payload["version"] = member.version if member else 1
    return payload


def congress_payload(world, position):
    congress = world["congresses"][position]
    return {
        "ordinal": 7,
        "kind": "all_member",
        "content": "four",
        "planned_date": "15/05/2020",
        "venue": "Hội trường",
        # The session as it stands: the edit cannot clear the dates of a congress in session.
        "started_on": congress.started_on.strftime("%d/%m/%Y") if congress.started_on else "",
        "ended_on": congress.ended_on.strftime("%d/%m/%Y") if congress.ended_on else "",
        "version": congress.version,
    }


def schedule_payload(world, position):
    """The schedule grid's POST: the position's congress with a new venue (confirmed, should
    its date lie outside its level's window)."""
    congress = world["congresses"][position]
    return {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-congress": congress.pk,
        "form-0-version": congress.version,
        "form-0-planned_date": "15/05/2020",
        "form-0-venue": "Hội trường",
        "confirmed": "on",
    }


def schedule_upload_payload(world, position):
    """An uploaded schedule naming the position's congress, with a new date and venue."""
    import io

    import openpyxl

    congress = world["congresses"][position]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Lịch đại hội"
    sheet.append(["Mã đại hội", "Phiên bản", "Ngày đại hội", "Địa điểm", "Đại hội điểm"])
    sheet.append([congress.pk, congress.version, "15/05/2020", "Hội trường", ""])
    output = io.BytesIO()
    workbook.save(output)
    return {
        "file": SimpleUploadedFile("lich.xlsx", output.getvalue()),
        "confirmed": "on",
    }


def stage_payload(world, position):
    # The congresses are in session (personnel approved): one stage back is a correction.
    return {
        "to_stage": "documents_approved",
        "version": world["congresses"][position].version,
        "confirmed": "on",
    }


def progress_payload(world, position):
    return {"reported_on": "02/03/2020", "stage_reached": "preparing", "note": "Đang chuẩn bị"}


def group_payload(world, position):
    return {"name": f"Tổ công tác {position}", "leader_name": "Đ/c Hùng", "members": ""}


def directive_payload(world, position):
    term = Term.objects.get(name="2020–2025")
    return {
        "term": term.pk,
        "number": f"20-KH/{position}",
        "issued_on": "02/10/2019",
        "title": "Kế hoạch đại hội",
        "issuing_body": "Quận ủy",
    }


def document_payload(world, position):
    return {"kind": "action_program", "title": "Chương trình hành động"}


def approve_payload(world, position):
    return {
        "approved_on": "15/04/2020",
        "approval_number": "123-QĐ/QU",
        "approval_body": "Ban Thường vụ Quận ủy",
        "version": world["documents"][position].version,
    }


def followup_payload(world, position):
    return {
        "term": Term.objects.get(name="2020–2025").pk,
        "kind": "full_term_program",
        "title": "Chương trình toàn khóa",
        "owner": "Thường trực",
        "deadline": "30/09/2020",
        "status": "todo",
    }


def move_payload(world, position):
    """Confirmed: put the target under Tây Hồ (a ward already there moves to the end)."""
    target = world["organizations"][position]
    return {"destination": "HN-TH", "version": target.version, "confirmed": "1"}


def merge_payload(world, position):
    """Confirmed: merge the target into Tây Hồ's second ward (the same kind as the first)."""
    target = world["organizations"][position]
    return {
        "destination": "HN-TH-P08",
        "merged_on": "01/03/2025",
        "version": target.version,
        "confirmed": "1",
    }


def followup_edit_payload(world, position):
    return {
        "kind": "working_regulation",
        "title": "Quy chế làm việc",
        "owner": "Văn phòng",
        "deadline": "30/06/2020",
        "status": "in_progress",
        "version": world["tasks"][position].version,
    }


def minutes_number_payload(world, position):
    """A number for the minutes of the position's round, at the version the page showed."""
    election_round = world["election_rounds"][position]
    version = election_round.version if election_round else 1
    return {"minutes_number": "07-BB/BKP", "version": version}


def round_payload(world, position):
    """A round of the position's ballot as its roll counts it (D is never larger than the roll,
    R-EL-20): every convened member votes, each candidate within the valid ballots."""
    from personnel import hooks as personnel_hooks

    ballot = world["ballots"][position]
    proposal = ballot and personnel_hooks.base_proposal(ballot.congress)
    base = max(1, proposal["values"]["convened"]) if proposal else 20
    candidates = list(ballot.candidates.all()) if ballot else []
    each = min(base, base * ballot.seats // max(1, len(candidates))) if ballot else 0
    payload = {
        "convened": base,
        "excluded_absent_with_reason": 0,
        "excluded_suspended": 0,
        "excluded_other": 0,
        "ballots_issued": base,
        "ballots_returned": base,
        "ballots_valid": base,
        "ballots_invalid": 0,
        "number": ballot.rounds.count() + 1 if ballot else 1,
        # Where the roll proposes D, a figure entered differently still needs a word.
        "base_note": "Danh sách triệu tập chưa cập nhật",
    }
    return payload | {f"votes_{candidate.pk}": each for candidate in candidates}


def link_counter(world, position, user):
    """The user enters tallies as the counting committee member of the position's congress."""
    CountingMember.objects.filter(congress=world["congresses"][position]).update(account=user)


def report_payload(world, position):
    return {"organization": world["organizations"][position].pk, "kind": "test"}


def _allowed_grant(organization):
    """A (form, recipient kind) the organization's kind may grant, never a badge."""
    return sorted(
        pair
        for pair in recognition_selectors.authorities(granting=organization)
        if pair[0] != "badge"
    )[0]


def rating_payload(world, position):
    member = Member.objects.in_subtree(world["organizations"][position]).first()
    return {"step": "self", f"level-{member.pk}": "good"}


def commendation_payload(world, position):
    form, recipient_kind = _allowed_grant(world["organizations"][position])
    return {
        "form": form,
        "recipient_kind": recipient_kind,
        "recipient_name": "Ban Tuyên giáo",  # the world's proposal is for Ban Tổ chức
        "reason": "other",
    }


URLS = {
    "login": Case("public"),
    "logout": Case("public"),
    "set_language": Case("public"),
    "home": Case("login"),
    "otp": Case("login"),
    # A one-time link for the signed-in user it names (tests/test_security.py): anything else,
    # this made-up token included, is refused.
    "otp-enrol": Case("enrolment", args=lambda world, position: ["not-a-token"]),
    "organizations:organization-list": Case("login"),
    "reports:job-list": Case("login"),
    "organizations:organization-detail": Case("read", "organization"),
    "organizations:member-list": Case("read", "organization"),
    "reports:job-status": Case("read", "job"),
    "reports:job-download": Case("read", "job"),
    "reports:job-request": Case("read", None, ("post",), report_payload, post_status=200),
    "organizations:member-create": Case("write", "organization", ("get", "post"), member_payload),
    "organizations:member-edit": Case("write", "member", ("get", "post"), member_edit_payload),
    "organizations:organization-export": Case("read", "organization"),
    # A background export: asked for over a visible organization; a job is its requester's
    # only, while the organization stays visible (the prepare hands the job to the user).
    "organizations:organization-export-request": Case(
        "read", "organization", ("get", "post"), NO_DATA
    ),
    "organizations:organization-export-job": Case("read", "export_job", prepare=own_export_job),
    "organizations:organization-export-job-progress": Case(
        "read", "export_job", prepare=own_export_job
    ),
    "organizations:organization-export-job-download": Case(
        "read", "export_job", prepare=own_export_job
    ),
    # Import: a tree role anywhere; the posts carry no file (the uploads have their own tests).
    "organizations:organization-import": Case(
        "tree", methods=("get", "post"), post=lambda world, position: {}, post_status=200
    ),
    "organizations:organization-import-confirm": Case(
        "tree", methods=("post",), post=lambda world, position: {}
    ),
    "organizations:organization-import-template": Case("tree"),
    # An import job: its requester's only (the prepare hands the job to the signed-in user).
    "organizations:organization-import-job": Case(
        "tree", "import_job", prepare=lambda world, position, user: own_import_job(world, user)
    ),
    "organizations:organization-import-job-progress": Case(
        "tree", "import_job", prepare=lambda world, position, user: own_import_job(world, user)
    ),
    "organizations:organization-import-job-apply": Case(
        "tree",
        "import_job",
        ("post",),
        NO_DATA,
        prepare=lambda world, position, user: own_import_job(world, user),
    ),
    "organizations:organization-import-job-cancel": Case(
        "tree",
        "import_job",
        ("post",),
        NO_DATA,
        prepare=lambda world, position, user: own_import_job(world, user),
    ),
    "congresses:worklist": Case("login"),
    "congresses:rules-in-force": Case("login"),
    "congresses:congress-list": Case("read", "organization"),
    "congresses:group-list": Case("read", "organization"),
    "congresses:plan-create": Case(
        "staff", "organization", ("get", "post"), lambda world, position: {}
    ),
    # The congresses besides the term's (issue 15, item 6): the staff who plan the term. A
    # refused plan (no cell, no merger) is a redirect with the reason, as a made one.
    "congresses:mid-term-plan": Case(
        "staff",
        "organization",
        ("get", "post"),
        lambda world, position: {},
        prepare=cells_with_term_congress,
    ),
    "congresses:extraordinary-create": Case(
        "staff",
        "organization",
        ("get", "post"),
        lambda world, position: {"reason": "Kiện toàn cấp ủy", "confirmed": "on"},
    ),
    "congresses:merger-congress-plan": Case(
        "staff",
        "congress",
        ("get", "post"),
        lambda world, position: {},
        prepare=merged_after_congress,
    ),
    "congresses:group-create": Case("staff", "organization", ("get", "post"), group_payload),
    # The pickers' searches (core.pickers): what the form they serve requires.
    "congresses:group-account-search": Case("staff", "organization"),
    "congresses:group-edit": Case(
        "staff",
        "organization",
        ("get", "post"),
        group_payload,
        args=lambda world, position: [world["groups"][position].pk],
    ),
    "congresses:congress-detail": Case("read", "congress"),
    "congresses:wave-dashboard": Case("read", "organization"),
    "congresses:congress-edit": Case("write", "congress", ("get", "post"), congress_payload),
    # Bulk scheduling: district staff only (the role that plans the term), as plan-create.
    "congresses:schedule-grid": Case("staff", "organization", ("get", "post"), schedule_payload),
    "congresses:schedule-download": Case("staff", "organization"),
    "congresses:schedule-upload": Case(
        "staff", "organization", ("get", "post"), schedule_upload_payload
    ),
    "congresses:congress-stage": Case("write", "congress", ("post",), stage_payload),
    "congresses:congress-stage-undo": Case(
        "staff",
        "congress",
        ("post",),
        lambda world, position: {
            "version": world["congresses"][position].version,
            "confirmed": "on",
        },
    ),
    "congresses:progress-create": Case("write", "congress", ("post",), progress_payload),
    "congresses:training-create": Case(
        "write",
        "congress",
        ("post",),
        lambda world, position: {
            "held_on": "10/01/2020",
            "audience": "Bí thư chi bộ",
            "attendance": 45,
        },
    ),
    "documents:directive-list": Case("read", "organization"),
    "documents:directive-create": Case("write", "organization", ("get", "post"), directive_payload),
    "documents:directive-delete": Case("write", "directive", ("get", "post"), NO_DATA),
    "documents:directive-download": Case("read", "directive"),
    "documents:document-list": Case("read", "congress"),
    "documents:document-create": Case("write", "congress", ("get", "post"), document_payload),
    "documents:document-detail": Case("read", "document"),
    "documents:version-create": Case(
        "write", "document", ("get", "post"), lambda world, position: {"text": "Dự thảo lần 2"}
    ),
    "documents:version-download": Case("read", "version"),
    "documents:round-create": Case(
        "write", "document", ("get", "post"), lambda world, position: {"held_on": "05/03/2020"}
    ),
    "documents:comment-create": Case(
        "write",
        "round",
        ("get", "post"),
        lambda world, position: {"author": "Chi bộ 3", "content": "Bổ sung số liệu"},
    ),
    "documents:document-approve": Case("staff", "document", ("get", "post"), approve_payload),
    "personnel:congress-personnel": Case(
        "mixed",
        "congress",
        ("get", "post"),
        lambda world, position: {
            "form": "ballot",
            "ballot-kind": "secretary",
            "ballot-seats": 1,
            "ballot-direct": "on",
        },
    ),
    "personnel:candidate-search": Case("write", "ballot"),
    "personnel:ballot-detail": Case(
        "mixed",
        "ballot",
        ("get", "post"),
        lambda world, position: {
            "action": "add",
            "member_code": "",
            "full_name": "Hoàng Thị Lan",
            "gender": "female",
            "birth_date": "01/02/1985",
            "ethnicity": "Tày",
            "is_local": "False",
        },
        post_status=200,  # the matrix posts as htmx: the slate's figures come back
    ),
    "personnel:round-create": Case("write", "ballot", ("get", "post"), round_payload),
    "personnel:round-minutes": Case("read", "election_round"),
    "personnel:round-minutes-number": Case(
        "write", "election_round", ("post",), minutes_number_payload
    ),
    "personnel:tally-entry": Case(
        "write", "ballot", ("get", "post"), round_payload, prepare=link_counter
    ),
    "personnel:tally-status": Case("read", "ballot"),
    "personnel:count-log": Case("read", "congress"),
    "personnel:election-results": Case("read", "organization"),
    "personnel:candidate-edit": Case(
        "write",
        "candidate",
        ("get", "post"),
        lambda world, position: {
            "full_name": "Trần Văn Minh",
            "gender": "male",
            "birth_date": "02/03/1975",
            "ethnicity": "Kinh",
            "education": "Thạc sĩ",
            "nomination": "plan",
            "version": 1,
        },
    ),
    "personnel:candidate-complaints": Case(
        "mixed",
        "candidate",
        ("get", "post"),
        lambda world, position: {
            "received_on": "20/07/2020",
            "source": "named",
            "summary": "Phản ánh về kê khai tài sản",
        },
    ),
    "reports:report-new": Case("read", "organization"),
    # The text of the congress summary: district staff only, as the term's plan.
    "reports:summary-text": Case(
        "staff",
        "organization",
        ("get", "post"),
        lambda world, position: {"assessment": "Đã tổ chức {held}/{planned}", "version": 0},
        args=lambda world, position: [Term.objects.get(name="2020–2025").pk],
    ),
    "audit:event-list": Case("admin", None),
    "recognition:overview": Case("read", "organization"),
    "recognition:rating-grid": Case("mixed", "organization", ("get", "post"), rating_payload),
    "delegates:member-roll": Case(
        "mixed",
        "congress",
        ("get", "post"),
        lambda world, position: {
            "member": (world["members"].get(position) or world["members"]["own"]).pk,
            "action": "exclude",
            "reason": "suspended",
        },
    ),
    "delegates:credentials": Case("read", "congress"),
    "reports:quick-report": Case(
        "mixed",
        "congress",
        ("get", "post"),
        lambda world, position: {"issues": "Đề nghị bổ sung", "action": "send", "version": 0},
    ),
    "delegates:delegate-roll": Case(
        "mixed",
        "roll_congress",
        ("get", "post"),
        lambda world, position: {
            "action": "add",
            "add-member": (world["members"].get(position) or world["members"]["own"]).pk,
            "add-how_selected": "ex_officio",
        },
    ),
    "delegates:delegate": Case(
        "mixed",
        "delegate",
        ("get", "post"),
        lambda world, position: {
            "action": "withdraw",
            "withdraw-status": "declined",
            "withdraw-reason": "Đi công tác",
            "withdraw-confirm": "on",
        },
    ),
    "congress_day:check-in": Case(
        "write",
        "congress",
        ("get", "post"),
        lambda world, position: {
            "entry": str(world["waiting_cards"][position].number),
            "device": "desk-a",
        },
        post_status=200,
    ),
    "congress_day:check-out": Case(
        "write",
        "congress",
        ("post",),
        lambda world, position: {"card": world["cards"][position].pk, "device": "desk-a"},
        post_status=200,
    ),
    "congress_day:issue-cards": Case("write", "congress", ("post",), NO_DATA),
    "congress_day:attendance": Case("read", "congress"),
    # Card 1 is in the hall: one present, from the check-in; the confirmed post records it.
    "congress_day:programme": Case(
        "mixed",
        "congress",
        ("get", "post"),
        lambda world, position: {
            "subject": "programme",
            "title": "Chương trình đại hội",
            "ballot": "",
            "agree": 1,
            "disagree": 0,
            "abstain": 0,
            "confirmed": "True",
        },
    ),
    "congress_day:agenda-item": Case(
        "write",
        "congress",
        ("get", "post"),
        lambda world, position: {
            "title": "Khai mạc",
            "starts_at": "07:30",
            "speaker": "Bí thư",
            "version": world["agenda_items"][position].version,
        },
        args=lambda world, position: [world["agenda_items"][position].pk],
    ),
    "delegates:plan": Case(
        "mixed",
        "delegate_congress",
        ("get", "post"),
        lambda world, position: {
            "action": "create",
            "plan-total": 60,
            "plan-ex_officio": 0,
            "plan-appointed": 0,
            "plan-alternates": 0,
        },
    ),
    "recognition:commendation-list": Case(
        "mixed",
        "organization",
        ("get", "post"),
        lambda world, position: {
            "commendation": world["commendations"][position].pk,
            "decision_number": "1-QĐ",
            "decision_date": "01/02/2021",
        },
    ),
    "recognition:commendation-create": Case(
        "write", "organization", ("get", "post"), commendation_payload
    ),
    "recognition:campaign-list": Case(
        "mixed",
        "organization",
        ("get", "post"),
        lambda world, position: {
            "name": "Thi đua 200 ngày",
            "starts_on": "01/03/2020",
            "ends_on": "30/09/2020",
        },
    ),
    # Campaigns organized above a user are open to them (they register works in them): the
    # matrix places no campaign at the "parent" position; tests/recognition covers it.
    "recognition:campaign-detail": Case(
        "mixed",
        "campaign",
        ("get", "post"),
        lambda world, position: {
            "organization_code": world["organizations"][position].code,
            "title": "Công trình",
            "registered_on": "02/03/2020",
        },
    ),
    "recognition:work-edit": Case(
        "write",
        "work",
        ("get", "post"),
        lambda world, position: {"status": "in_progress", "progress": 50, "version": 1},
    ),
    "documents:followup-list": Case("read", "organization"),
    "documents:followup-create": Case("write", "organization", ("get", "post"), followup_payload),
    "documents:followup-edit": Case("write", "task", ("get", "post"), followup_edit_payload),
    # Moving or merging: a tree role over the organization holding the target (never over
    # the target itself), and over the destination.
    "organizations:destination-search": Case("restructure", "organization"),
    "organizations:organization-move": Case(
        "restructure", "organization", ("get", "post"), move_payload
    ),
    "organizations:organization-merge": Case(
        "restructure", "organization", ("get", "post"), merge_payload
    ),
    "documents:followup-done": Case(
        "write",
        "task",
        ("post",),
        lambda world, position: {"version": world["tasks"][position].version},
    ),
}
STAFF_ROLES = {"staff", "admin"}
TARGETS = {
    "organization": "organizations",
    "member": "members",
    "job": "jobs",
    "import_job": "import_jobs",
    "export_job": "export_jobs",
    "congress": "congresses",
    "delegate_congress": "delegate_congresses",
    "delegate": "delegates",
    "roll_congress": "roll_congresses",
    "group": "groups",
    "directive": "directives",
    "document": "documents",
    "version": "versions",
    "round": "rounds",
    "task": "tasks",
    "ballot": "ballots",
    "election_round": "election_rounds",
    "candidate": "candidates",
    "campaign": "campaigns",
    "work": "works",
}
TREE_ROLES = {"staff", "admin"}


def url_names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin: superusers only, its own permission tests
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}"


def test_every_url_pattern_is_in_the_matrix():
    assert sorted(url_names()) == sorted(URLS)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction rolled back at its end (as Django's
    TestCase.setUpTestData does); each test runs in a savepoint within it. With a user of each
    role signed in (`sign_in`) and the snapshot of it all (`before_change`)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            world["users"] = {role: make_user(world, role) for role in ROLES}
            world["sessions"] = {
                role: signed_in_session(user) for role, user in world["users"].items()
            }
            world["snapshot"] = snapshot()
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def build_world():
    """Hà Nội (Tây Hồ with a ward and cells, Long Biên) and Hồ Chí Minh City (Quận 10)."""
    city = OrganizationFactory(code="HN", name="Đảng bộ thành phố Hà Nội")
    tay_ho = OrganizationFactory(code="HN-TH", name="Đảng bộ quận Tây Hồ", parent=city)
    treasury = OrganizationFactory(
        code="HN-TH-C01", parent=tay_ho, kind=kind("chi-bo-co-so"), name="Chi bộ Kho bạc"
    )
    ward = OrganizationFactory(code="HN-TH-P07", name="Đảng bộ phường Xuân La", parent=tay_ho)
    OrganizationFactory(code="HN-TH-P08", name="Đảng bộ phường Nhật Tân", parent=tay_ho)
    ward_cell = OrganizationFactory(code="HN-TH-P07-CB1", parent=ward)
    long_bien = OrganizationFactory(code="HN-LB", parent=city)
    long_bien_ward = OrganizationFactory(code="HN-LB-P01", parent=long_bien)
    long_bien_cell = OrganizationFactory(code="HN-LB-P01-CB1", parent=long_bien_ward)
    hcmc = OrganizationFactory(code="HCM")
    quan_10 = OrganizationFactory(code="HCM-Q10", parent=hcmc)
    quan_10_ward = OrganizationFactory(code="HCM-Q10-P01", parent=quan_10)
    quan_10_cell = OrganizationFactory(code="HCM-Q10-P01-CB1", parent=quan_10_ward)

    organizations = {
        "own": tay_ho,
        "child": ward,
        "sibling": long_bien,
        "parent": city,
        "other": quan_10,
    }
    # Cells in which a member can be created or found, per position (none above districts).
    cells = {
        "own": treasury,
        "child": ward_cell,
        "sibling": long_bien_cell,
        "parent": None,
        "other": quan_10_cell,
    }
    members = {
        position: MemberFactory(organization=cell, birth_date=datetime.date(1970, 1, 1))
        if cell
        else None
        for position, cell in cells.items()
    }
    term = Term.objects.get(name="2020–2025")
    congresses = {
        # In session, so that election rounds may be recorded on them.
        position: open_congress(make_congress(organization, term=term), OPENED)
        for position, organization in organizations.items()
    }
    # Delegate congresses of the next term (one congress per organization and term): the
    # delegate plan's page exists only for a delegate congress.
    # Check-in: every congress's members hold cards but one (the desk can issue it); card 1 is
    # in the hall (it can leave), the highest card is not (it can arrive).
    for year in (1972, 1974):
        MemberFactory(organization=ward_cell, birth_date=datetime.date(year, 1, 1))
    cards, waiting_cards = {}, {}
    for position, congress in congresses.items():
        congress_day_services.issue_cards(congress=congress, actor=None)
        issued = list(congress.delegate_cards.order_by("number"))
        if len(issued) > 1:
            issued.pop().delete()
        congress_day_services.check_in(congress=congress, entry="1", actor=None)
        congress_day_services.create_programme(congress=congress, actor=None)
        cards[position], waiting_cards[position] = issued[0], issued[-1]
    delegate_congresses = {}
    for position, organization in organizations.items():
        delegate_congresses[position] = make_congress(
            organization, term=Term.objects.get(name="2025–2030")
        )
        delegate_congresses[position].kind = "delegate"
        delegate_congresses[position].save(update_fields=["kind"])
    # One delegate on each delegate congress's roll (its page and its actions).
    delegates = {
        position: Delegate.objects.create(
            congress=congress,
            organization=congress.organization,
            org_path=congress.org_path,
            member=members[position] or members["own"],
            represents=congress.organization,
            how_selected="ex_officio",
        )
        for position, congress in delegate_congresses.items()
    }
    # Delegate congresses of a later term with a plan of one ex officio delegate and an empty
    # roll: the roll page's allowed POST adds that delegate.
    later = Term.objects.create(
        name="2030–2035", starts_on=datetime.date(2030, 1, 1), ends_on=datetime.date(2035, 12, 31)
    )
    roll_congresses = {}
    for position, organization in organizations.items():
        congress = roll_congresses[position] = make_congress(organization, term=later)
        Congress.objects.filter(pk=congress.pk).update(kind="delegate")
        congress.kind = "delegate"
        DelegatePlan.objects.create(
            congress=congress,
            organization=organization,
            org_path=organization.path,
            total=1,
            ex_officio=1,
        )
    groups = {
        position: WorkingGroup.objects.create(
            term=term, owner=organization, owner_path=organization.path, name=f"Tổ {position}"
        )
        for position, organization in organizations.items()
    }
    directives, documents, versions, rounds, tasks = {}, {}, {}, {}, {}
    for position, organization in organizations.items():
        directives[position] = document_services.create_directive(
            organization=organization,
            term=term,
            actor=None,
            number=f"1-HD/{position}",
            issued_on=datetime.date(2019, 10, 2),
            title="Hướng dẫn đại hội",
            issuing_body="Quận ủy",
            file=SimpleUploadedFile("huong-dan.pdf", b"%PDF-1.7 test"),
        )
        documents[position] = document_services.create_document(
            congress=congresses[position],
            actor=None,
            kind="political_report",
            title="Báo cáo chính trị",
        )
        versions[position] = document_services.add_version(
            document=documents[position],
            actor=None,
            file=SimpleUploadedFile("du-thao.pdf", b"%PDF-1.7 test"),
        )
        documents[position].refresh_from_db()
        rounds[position] = document_services.add_round(
            document=documents[position], actor=None, held_on=datetime.date(2020, 2, 1)
        )
        documents[position].refresh_from_db()
        tasks[position] = document_services.create_follow_up(
            organization=organization,
            term=term,
            actor=None,
            kind="inspection_program",
            title="Chương trình kiểm tra",
            owner="Ủy ban Kiểm tra",
            deadline=datetime.date(2020, 12, 31),
        )
    ballots, election_rounds, candidates = {}, {}, {}
    for position, congress in congresses.items():
        ballots[position] = personnel_services.add_ballot(
            congress=congress, actor=None, kind="secretary", seats=1
        )
        candidates[position] = personnel_services.add_candidate(
            ballot=ballots[position],
            actor=None,
            full_name="Trần Văn Minh",
            gender="male",
            birth_date=datetime.date(1975, 3, 2),
        )
        counted = personnel_services.add_ballot(
            congress=congress, actor=None, kind="committee", seats=1
        )
        candidate = personnel_services.add_candidate(
            ballot=counted,
            actor=None,
            full_name="Lê Thị Hoa",
            gender="female",
            birth_date=datetime.date(1980, 5, 6),
        )
        # R-EL-07: a committee's list is longer than its seats.
        personnel_services.add_candidate(
            ballot=counted,
            actor=None,
            full_name="Phạm Văn Bình",
            gender="male",
            birth_date=datetime.date(1978, 9, 1),
        )
        election_rounds[position] = personnel_services.record_round(
            ballot=counted,
            actor=None,
            convened=20,
            ballots_issued=19,
            ballots_returned=19,
            ballots_valid=19,
            ballots_invalid=0,
            votes={candidate.pk: 15},
        )
        personnel_services.add_counting_member(
            congress=congress, actor=None, full_name="Nguyễn Văn Kiểm"
        )
    campaigns, works = {}, {}
    for position, organization in organizations.items():
        campaigns[position] = recognition_services.create_campaign(
            organizer=organization,
            actor=None,
            name=f"Thi đua {position}",
            starts_on=datetime.date(2020, 1, 1),
            ends_on=datetime.date(2020, 12, 31),
        )
        works[position] = recognition_services.register_work(
            campaign=campaigns[position],
            organization=organization,
            actor=None,
            title="Công trình",
            registered_on=datetime.date(2020, 2, 1),
        )
    campaigns["parent"] = None
    commendations = {}
    for position, organization in organizations.items():
        form, recipient_kind = _allowed_grant(organization)
        commendations[position] = recognition_services.propose_commendation(
            granting=organization,
            actor=None,
            form=form,
            recipient_kind=recipient_kind,
            recipient_name="Ban Tổ chức",
            reason="other",
            proposed_on=datetime.date(2021, 1, 15),
        )
    jobs = {}
    for position, organization in organizations.items():
        job = report_services.request_report(
            user=None, organization=organization, kind="test", language="vi"
        )
        # A finished job without rendering: the matrix is about access, not about PDFs.
        job.file.save(f"{job.pk}.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
        ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.DONE, file=job.file.name)
        jobs[position] = job
    export_jobs = {}
    for position, organization in organizations.items():
        job = ExportJob(organization=organization, language="vi", status=ExportStatus.DONE)
        job.file.save(f"{job.pk.hex}.xlsx", ContentFile(b"PK test"), save=False)
        job.save()
        export_jobs[position] = job
    return {
        "organizations": organizations,
        "cells": cells,
        "export_jobs": export_jobs,
        "members": members,
        "jobs": jobs,
        "import_jobs": {
            position: ImportJob.objects.create(language="vi", status=ImportStatus.READY)
            for position in organizations
        },
        "congresses": congresses,
        "delegate_congresses": delegate_congresses,
        "delegates": delegates,
        "roll_congresses": roll_congresses,
        "cards": cards,
        "waiting_cards": waiting_cards,
        "agenda_items": {
            position: congress.agenda_items.get(kind="opening")
            for position, congress in congresses.items()
        },
        "groups": groups,
        "directives": directives,
        "documents": documents,
        "versions": versions,
        "rounds": rounds,
        "tasks": tasks,
        "ballots": ballots,
        "election_rounds": election_rounds,
        "candidates": candidates,
        "campaigns": campaigns,
        "works": works,
        "commendations": commendations,
    }


def make_user(world, role):
    if role == "none":
        return UserFactory()
    if role == "leader_in_group":
        user = UserFactory(scope=world["organizations"]["own"], role="leader")
        RoleGrant.objects.create(
            user=user,
            role="working_group",
            organization=world["organizations"]["own"],
            source=f"working_group:{world['groups']['own'].pk}",
        )
        return user
    return UserFactory(scope=world["organizations"]["own"], role=role)


def signed_in_session(user):
    """The key of a session signed in as `user` (a session row of the module's state)."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def sign_in(client, world, role):
    """`client` signed in as the module's user of `role`: the world signs each role in once
    (its user, grants and session are rows of the module's state, which every test starts
    from), so a case takes the session's cookie instead of making a user and signing in."""
    client.cookies[settings.SESSION_COOKIE_NAME] = world["sessions"][role]
    return world["users"][role]


def before_change(world, case):
    """The snapshot a POST is compared with: the module's own, unless the case prepares."""
    return snapshot() if case.prepare else world["snapshot"]


def target_url(name, case, world, position):
    if case.target is None:
        return reverse(name, args=case.args(world, position) if case.args else None)
    target = world[TARGETS[case.target]][position]
    if target is None:
        return None
    extra = case.args(world, position) if case.args else []
    return reverse(name, args=[target.pk, *extra])


def snapshot():
    """Everything a refused POST might have touched."""
    return (
        list(
            Member.objects.order_by("pk").values_list("pk", "full_name", "organization", "version")
        ),
        list(Organization.objects.order_by("pk").values_list("pk", "path", "version", "valid_to")),
        ReportJob.objects.count(),
        ExportJob.objects.count(),
        AuditEvent.objects.count(),
        list(Congress.objects.order_by("pk").values_list("pk", "stage", "version", "ordinal")),
        list(WorkingGroup.objects.order_by("pk").values_list("pk", "name")),
        RoleGrant.objects.count(),
        list(DirectiveDocument.objects.order_by("pk").values_list("pk", "number")),
        list(
            CongressDocument.objects.order_by("pk").values_list("pk", "version", "approval_number")
        ),
        DocumentVersion.objects.count(),
        DiscussionRound.objects.count(),
        Comment.objects.count(),
        list(FollowUpTask.objects.order_by("pk").values_list("pk", "version", "status")),
        TrainingSession.objects.count(),
        Candidate.objects.count(),
        Ballot.objects.count(),
        ElectionRound.objects.count(),
        CommitteePlan.objects.count(),
        Complaint.objects.count(),
        KeyPostNomination.objects.count(),
        TallyEntry.objects.count(),
        list(CountingMember.objects.order_by("pk").values_list("pk", "account")),
        Rating.objects.count(),
        list(Commendation.objects.order_by("pk").values_list("pk", "status")),
        Campaign.objects.count(),
        list(CampaignWork.objects.order_by("pk").values_list("pk", "version")),
        list(QuickReport.objects.order_by("pk").values_list("pk", "version", "sent_at")),
        list(SummaryNarrative.objects.order_by("pk").values_list("pk", "version", "assessment")),
        list(DelegatePlan.objects.order_by("pk").values_list("pk", "version", "status")),
        list(DelegateQuota.objects.order_by("pk").values_list("pk", "seats", "alternates")),
        list(RollExclusion.objects.order_by("pk").values_list("pk", "reason")),
        list(Delegate.objects.order_by("pk").values_list("pk", "status", "version")),
        list(DelegateCard.objects.order_by("pk").values_list("pk", "number", "present")),
        CheckInEvent.objects.count(),
        Vote.objects.count(),
        list(AgendaItem.objects.order_by("pk").values_list("pk", "version", "position", "title")),
    )


def expected_status(case, role, position, method):
    if role == "leader_in_group":
        role = "leader"
    if case.access == "login":
        return 200
    if case.access == "mixed":  # a page that reads on GET and writes on POST
        case = Case(
            "read" if method == "get" else "write", case.target, post_status=case.post_status
        )
    if case.access == "tree":
        if role not in TREE_ROLES:
            return 403
        return case.post_status if method == "post" else 200
    if case.access == "admin":  # site administrators only, whatever the position
        return 200 if role == "admin" else 403
    visible = role != "none" and position in VISIBLE
    if not visible:
        return 404
    if case.access == "restructure" and (role not in STAFF_ROLES or position == "own"):
        return 403  # a grant over an organization does not reach its place in the tree
    if case.access == "write" and role not in WRITERS:
        return 403
    if case.access == "staff" and role not in STAFF_ROLES:
        return 403
    return case.post_status if method == "post" else 200


MATRIX = [
    (name, role, position, method)
    for name, case in URLS.items()
    if case.access in {"read", "write", "tree", "staff", "mixed", "admin", "restructure"}
    # A tree or admin role is not about a position: one position is enough.
    for position in (POSITIONS if case.access not in {"tree", "admin"} else ["own"])
    for role in ROLES_AT[position]
    for method in case.methods
]


@pytest.mark.parametrize(("name", "role", "position", "method"), MATRIX)
def test_matrix(client, world, name, role, position, method):
    case = URLS[name]
    url = target_url(name, case, world, position)
    if url is None:
        pytest.skip("no such object at this position (members stand in cells only)")
    user = sign_in(client, world, role)
    if case.prepare:
        case.prepare(world, position, user)
    # Only a POST may change anything: a GET is checked for its status alone.
    before = before_change(world, case) if method == "post" else None

    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, case.post(world, position), headers={"HX-Request": "true"})

    expected = expected_status(case, role, position, method)
    assert response.status_code == expected, response.content[:300]
    if method == "post" and expected in (403, 404):
        assert snapshot() == before
    if method == "post" and expected in (200, 302) and case.access != "tree":
        assert snapshot() != before


# The pages that show the wave on a date (core.asof, the `as_of` parameter): a past date or an
# unreadable one changes nothing of who may see them.
DATED = [
    "organizations:organization-list",
    "organizations:organization-detail",
    "organizations:member-list",
    "organizations:organization-export",
    "organizations:organization-export-request",
    "congresses:worklist",
    "congresses:congress-list",
    "congresses:schedule-grid",
    "congresses:group-list",
    "congresses:congress-detail",
    "congresses:wave-dashboard",
    "documents:directive-list",
    "documents:document-list",
    "documents:document-detail",
    "documents:followup-list",
    "recognition:overview",
    "recognition:rating-grid",
    "recognition:commendation-list",
    "recognition:campaign-list",
    "recognition:campaign-detail",
    "personnel:election-results",
    "personnel:congress-personnel",
]
# The roles of each position (ROLES_AT) ask for a past date; an unreadable date (read after the
# scope check, by the same code whoever asks) is asked by the staff at every position, in scope
# and out.
DATED_MATRIX = [
    (name, role, position, as_of)
    for name in DATED
    for position in (POSITIONS if URLS[name].target else ["own"])
    for role in ROLES_AT[position]
    for as_of in (("01/01/2020", "31/02/2020") if role == "staff" else ("01/01/2020",))
]


@pytest.mark.parametrize(("name", "role", "position", "as_of"), DATED_MATRIX)
def test_dated_pages_keep_their_scope(client, world, name, role, position, as_of):
    case = URLS[name]
    url = target_url(name, case, world, position)
    if url is None:
        pytest.skip("no such object at this position")
    sign_in(client, world, role)

    response = client.get(url, {"as_of": as_of})

    expected = 200 if case.access == "login" else expected_status(case, role, position, "get")
    assert response.status_code == expected, response.content[:300]


@pytest.mark.parametrize("name", [name for name, case in URLS.items() if case.access == "login"])
def test_pages_without_object_answer_every_signed_in_user(client, world, name):
    client.force_login(UserFactory())

    response = client.get(reverse(name))

    assert response.status_code in (200, 302)


@pytest.mark.parametrize("name", [name for name, case in URLS.items() if case.access != "public"])
def test_anonymous_requests_go_to_login(client, world, name):
    case = URLS[name]
    url = target_url(name, case, world, "own")

    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")


def test_superuser_reaches_every_position(client, world):
    client.force_login(UserFactory(is_superuser=True))

    statuses = {
        position: client.get(
            reverse("organizations:organization-detail", args=[organization.pk])
        ).status_code
        for position, organization in world["organizations"].items()
    }

    assert statuses == dict.fromkeys(POSITIONS, 200)


def test_denied_access_is_logged_for_security(client, world, caplog):
    client.force_login(make_user(world, "leader"))

    client.get(reverse("organizations:member-create", args=[world["organizations"]["own"].pk]))

    records = [record for record in caplog.records if not record.name.startswith("axes")]
    assert [record.getMessage().split(":")[0] for record in records] == [
        "access denied",
        "Forbidden (Permission denied)",
    ]


def test_working_group_members_come_from_the_staff_subtree(client, world):
    """Tây Hồ's staff are offered accounts holding a role inside Tây Hồ, not Quận 10's staff;
    posting the Quận 10 account's user name (or its id) is refused and saves nothing."""
    tay_ho, quan_10 = world["organizations"]["own"], world["organizations"]["other"]
    staff = make_user(world, "staff")
    leader = UserFactory(scope=world["organizations"]["child"], role="leader")
    outsider = UserFactory(scope=quan_10, role="staff")
    client.force_login(staff)
    url = reverse("congresses:group-create", args=[tay_ho.pk])

    offered = set(client.get(url).context["form"].fields["members"].queryset)
    before = snapshot()
    responses = [
        client.post(url, group_payload(world, "own") | {"members": value})
        for value in (outsider.username, str(outsider.pk))
    ]
    response = responses[0]

    assert leader in offered
    assert staff in offered
    assert outsider not in offered
    assert response.status_code == 200
    assert all("members" in response.context["form"].errors for response in responses)
    assert snapshot() == before
    assert not RoleGrant.objects.filter(user=outsider, organization=tay_ho).exists()


@pytest.mark.parametrize("role", ROLES)
def test_an_enrolment_link_is_refused_to_everyone_but_its_user(client, world, role):
    from congress_admin import otp

    owner = UserFactory()
    with transaction.atomic():
        link = otp.issue_enrolment(user=owner, actor=None)
    client.force_login(make_user(world, role))

    assert client.get(link).status_code == 404
    assert client.get(reverse("otp-enrol", args=["not-a-token"])).status_code == 404
