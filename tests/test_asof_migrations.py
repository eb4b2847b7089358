"""Issue 15's migrations upgrade a database in place: the dates they add are backfilled from
what the rows already said, and nothing is lost."""

import datetime

from django.utils import timezone

from tests.migrating import latest_schema_after, migrate, migration_test  # noqa: F401 (an autouse fixture)

pytestmark = migration_test

BEFORE = [
    ("congresses", "0003_progress_submission_token"),
    ("personnel", "0004_nominations_counting_committee"),
    ("recognition", "0002_seed_authorities_and_periods"),
]
AFTER = [
    ("congresses", "0004_effective_dates"),
    ("personnel", "0005_round_date"),
    ("recognition", "0003_commendation_proposed_on"),
]


def test_the_dates_are_backfilled_in_place():
    old = migrate(BEFORE)
    Organization = old.get_model("organizations", "Organization")
    Kind = old.get_model("organizations", "OrganizationKind")
    Term = old.get_model("congresses", "Term")
    Congress = old.get_model("congresses", "Congress")
    Transition = old.get_model("congresses", "StageTransition")
    Ballot = old.get_model("personnel", "Ballot")
    Round = old.get_model("personnel", "ElectionRound")
    Commendation = old.get_model("recognition", "Commendation")
    # The kinds and terms seeded by data migrations may have been flushed by the transactional
    # tests run before this one.
    kind, _ = Kind.objects.get_or_create(
        code="dang-bo-huyen", defaults={"name": "Đảng bộ huyện", "level": 2}
    )
    organization = Organization.objects.create(
        path="0001", depth=1, numchild=0, code="HN-TH", name="Đảng bộ quận Tây Hồ", kind=kind
    )
    term, _ = Term.objects.get_or_create(
        name="2020–2025",
        defaults={"starts_on": datetime.date(2020, 1, 1), "ends_on": datetime.date(2025, 12, 31)},
    )
    common = {"term": term, "organization": organization, "org_path": "0001", "level": 2}
    held = Congress.objects.create(
        **common, ordinal=6, kind="delegate", stage="held", ended_on=datetime.date(2020, 8, 21)
    )
    moved = Transition.objects.create(
        congress=held, from_stage="personnel_approved", to_stage="held"
    )
    earlier = Transition.objects.create(congress=held, from_stage="planned", to_stage="preparing")
    ballot = Ballot.objects.create(congress=held, kind="committee", seats=39)
    election_round = Round.objects.create(
        ballot=ballot, number=1, convened=10, base=10, ballots_issued=10, ballots_returned=10,
        ballots_valid=10, ballots_invalid=0, organization=organization, org_path="0001",
    )  # fmt: skip
    decided = Commendation.objects.create(
        organization=organization, org_path="0001", form="certificate", recipient_kind="collective",
        recipient_name="Chi bộ 1", reason="congress", status="approved",
        decision_number="1-QĐ/QU", decision_date=datetime.date(2020, 9, 25),
    )  # fmt: skip

    new = migrate(AFTER)

    today = timezone.localdate()
    assert new.get_model("congresses", "Congress").objects.get(pk=held.pk).held_on == (
        datetime.date(2020, 8, 21)
    )
    transitions = new.get_model("congresses", "StageTransition").objects
    assert transitions.get(pk=moved.pk).effective_on == datetime.date(2020, 8, 21)
    assert transitions.get(pk=earlier.pk).effective_on == today
    rounds = new.get_model("personnel", "ElectionRound").objects
    assert rounds.get(pk=election_round.pk).held_on == datetime.date(2020, 8, 21)
    commendations = new.get_model("recognition", "Commendation").objects
    assert commendations.get(pk=decided.pk).proposed_on == datetime.date(2020, 9, 25)


def test_members_stay_members_and_tasks_get_the_day_they_were_set():
    # Congresses back to 0004 too: the historical Congress must match the table it writes.
    old = migrate(
        [
            ("organizations", "0009_export_job"),
            ("documents", "0002_resolution"),
            ("congresses", "0004_effective_dates"),
        ]
    )
    Organization = old.get_model("organizations", "Organization")
    Kind = old.get_model("organizations", "OrganizationKind")
    Member = old.get_model("organizations", "Member")
    Term = old.get_model("congresses", "Term")
    Congress = old.get_model("congresses", "Congress")
    Document = old.get_model("documents", "CongressDocument")
    Task = old.get_model("documents", "FollowUpTask")
    kind, _ = Kind.objects.get_or_create(
        code="chi-bo-co-so", defaults={"name": "Chi bộ cơ sở", "level": 3, "holds_members": True}
    )
    organization = Organization.objects.create(
        path="0001", depth=1, numchild=0, code="HN-TH-C01", name="Chi bộ Kho bạc", kind=kind
    )
    term, _ = Term.objects.get_or_create(
        name="2020–2025",
        defaults={"starts_on": datetime.date(2020, 1, 1), "ends_on": datetime.date(2025, 12, 31)},
    )
    member = Member.objects.create(
        code="DV1", full_name="Nguyễn Văn A", name_key="nguyen van a", gender="male",
        birth_date=datetime.date(1970, 1, 1), ethnicity="Kinh",
        admitted_on=datetime.date(1995, 1, 1), organization=organization, org_path="0001",
    )  # fmt: skip
    congress = Congress.objects.create(
        term=term, organization=organization, org_path="0001", level=3, ordinal=1,
        kind="all_member",
    )  # fmt: skip
    resolution = Document.objects.create(
        congress=congress, organization=organization, org_path="0001", kind="resolution",
        title="Nghị quyết", approved_on=datetime.date(2020, 7, 20),
    )  # fmt: skip
    common = {"organization": organization, "org_path": "0001", "term": term, "kind": "other",
              "title": "Việc", "owner": "Văn phòng"}  # fmt: skip
    from_resolution = Task.objects.create(
        **common, document=resolution, deadline=datetime.date(2020, 12, 31)
    )
    of_the_term = Task.objects.create(**common, deadline=datetime.date(2021, 6, 30))
    done_early = Task.objects.create(
        **common, document=resolution, deadline=datetime.date(2020, 12, 31), status="done",
        done_on=datetime.date(2020, 7, 1),
    )  # fmt: skip

    new = migrate(
        [("organizations", "0011_member_left_on"), ("documents", "0003_followup_created_on")]
    )

    assert new.get_model("organizations", "Member").objects.get(pk=member.pk).left_on is None
    tasks = new.get_model("documents", "FollowUpTask").objects
    # The resolution's approval, else the term's start; never after the day it was done.
    assert tasks.get(pk=from_resolution.pk).created_on == datetime.date(2020, 7, 20)
    assert tasks.get(pk=of_the_term.pk).created_on == term.starts_on
    assert tasks.get(pk=done_early.pk).created_on == datetime.date(2020, 7, 1)
