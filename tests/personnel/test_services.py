import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from personnel import selectors, services
from personnel.choices import BallotKind
from personnel.models import Candidate, ElectionRound, RoundVote
from tests.factories import MemberFactory, OrganizationFactory, UserFactory
from tests.personnel.conftest import fill, person

pytestmark = pytest.mark.django_db


def _rows(figures):
    return {row["key"]: row for row in figures["rows"]}


def _elect_all(ballot, candidates):
    count = len(candidates)
    return services.record_round(
        ballot=ballot,
        actor=None,
        convened=50,
        ballots_issued=50,
        ballots_returned=50,
        ballots_valid=50,
        ballots_invalid=0,
        votes={candidate.pk: 40 for candidate in candidates[:count]},
    )


def test_quan_9_elected_body_shares_in_vietnamese(congress):
    """R-CALC-01: 18/39 women and 9/39 young → 46,15 % and 23,08 %."""
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=39)
    candidates = fill(ballot, 40, women=18, young=9)  # R-EL-07: more names than seats
    _elect_all(ballot, candidates[:39])

    with translation.override("vi"):
        figures = selectors.elected_body_figures(congress)
    rows = _rows(figures)

    assert figures["elected"] == 39
    assert rows["women"]["share"] == Decimal("46.15")
    assert rows["youth"]["share"] == Decimal("23.08")
    # Issue 15, item 4: each target line cites the rule that sets it (2020–2025: women R-WV-08,
    # the young R-WV-07) with its source.
    assert rows["women"]["text"].endswith(
        "46,15 % (chỉ tiêu ≥ 15 %; R-WV-08, Hướng dẫn 26-HD/BTCTW)"
    )
    assert rows["youth"]["text"].endswith("23,08 % (chỉ tiêu ≥ 10 %; R-WV-07, Chỉ thị 35-CT/TW)")
    assert rows["women"]["meets"]
    assert rows["youth"]["meets"]


def test_slate_figures_projected_best_and_worst(congress, term):
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=39)
    fill(ballot, 44, women=18, young=9, minorities=1, incumbents=30)

    figures = selectors.slate_figures(ballot=ballot, term=term)
    rows = _rows(figures)

    assert (figures["candidates"], figures["excess"]) == (44, 5)
    women = rows["women"]
    assert women["count"] == 18
    assert women["share"] == Decimal("40.91")  # 18/44
    assert (women["best"], women["best_share"]) == (18, Decimal("46.15"))
    assert (women["worst"], women["worst_share"]) == (13, Decimal("33.33"))
    assert women["meets"]
    assert women["worst_meets"]
    youth = rows["youth"]
    assert (youth["best"], youth["worst"]) == (9, 4)
    assert youth["worst_share"] == Decimal("10.26")
    assert youth["worst_meets"]
    minorities = rows["ethnic_minority"]
    assert (minorities["best"], minorities["worst"]) == (1, 0)
    assert rows["incumbent"]["target"] is None
    assert rows["incumbent"]["meets"] is None
    assert figures["messages"] == []  # 5/39 = 12.8 %: within 10–15 %, under 30 %


def test_slate_target_lines_cite_the_rule_of_each_target(congress, term, client):
    """Issue 15, item 4: the structure targets on the ballot page name the rule that sets each
    target with its source (2020–2025: women R-WV-08, the young R-WV-07); no target, no rule."""
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=9)
    fill(ballot, 10, women=3, young=2)
    client.force_login(UserFactory(scope=congress.organization, role="staff"))

    with translation.override("vi"):
        rows = _rows(selectors.slate_figures(ballot=ballot, term=term))
    page = client.get(reverse("personnel:ballot-detail", args=[ballot.pk])).content.decode()

    assert rows["women"]["rule"] == "R-WV-08, Hướng dẫn 26-HD/BTCTW"
    assert rows["youth"]["rule"] == "R-WV-07, Chỉ thị 35-CT/TW"
    assert rows["incumbent"]["rule"] == ""
    assert "R-WV-07, Chỉ thị 35-CT/TW" in page


def test_worst_case_below_target_is_flagged(congress, term):
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=10)
    fill(ballot, 11, women=2)

    women = _rows(selectors.slate_figures(ballot=ballot, term=term))["women"]

    assert (women["best_share"], women["worst_share"]) == (Decimal("20.00"), Decimal("10.00"))
    assert women["best_meets"] is True
    assert women["worst_meets"] is False


@pytest.mark.parametrize(
    ("kind", "seats", "candidates", "levels"),
    [
        (BallotKind.COMMITTEE, 39, 44, []),
        (BallotKind.COMMITTEE, 39, 39, ["error"]),  # R-EL-07
        (BallotKind.COMMITTEE, 20, 27, ["error", "warning"]),  # R-EL-08: 35 %, R-EL-09
        (BallotKind.COMMITTEE, 20, 26, ["warning"]),  # 30 % allowed, but not 10–15 %
        (BallotKind.COMMITTEE, 39, 40, ["warning"]),  # R-EL-09: 2.6 %
        (BallotKind.STANDING_COMMITTEE, 5, 7, ["error", "error"]),  # 40 %, R-EL-10
        (BallotKind.STANDING_COMMITTEE, 5, 6, []),
        (BallotKind.SECRETARY, 1, 1, []),
        (BallotKind.DELEGATES, 10, 10, []),
    ],
)
def test_slate_size_messages(term, kind, seats, candidates, levels):
    found = selectors.slate_messages(kind=kind, seats=seats, candidates=candidates, term=term)
    assert [message.level for message in found] == levels
    assert all(str(message) for message in found)


def test_candidate_from_a_member_copies_the_data(congress, tree):
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=9)
    cell = OrganizationFactory(code="HN-TH-P07-CB1", parent=tree["xuan_la"])
    member = MemberFactory(
        organization=cell, full_name="Lò Thị Mai", gender="female", ethnicity="Thái"
    )

    candidate = services.add_candidate(
        ballot=ballot, actor=None, member=member, education="Cử nhân"
    )

    assert (candidate.full_name, candidate.gender, candidate.ethnicity) == (
        "Lò Thị Mai",
        "female",
        "Thái",
    )
    assert candidate.birth_date == member.birth_date
    assert candidate.org_path == congress.org_path
    assert candidate.organization_id == congress.organization_id
    assert AuditEvent.objects.filter(action="personnel.candidate_added").exists()
    with pytest.raises(ValidationError):
        services.add_candidate(ballot=ballot, actor=None, member=member)

    services.remove_candidate(ballot=ballot, candidate=candidate, actor=None)
    assert not ballot.candidates.exists()
    assert AuditEvent.objects.filter(action="personnel.candidate_removed").exists()


def test_record_round_stores_a_tie_and_the_base(congress):
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=2)
    a, b, c = fill(ballot, 3)

    election_round = services.record_round(
        ballot=ballot,
        actor=None,
        convened=100,
        excluded_absent_with_reason=3,
        excluded_suspended=1,
        excluded_other=0,
        ballots_issued=96,
        ballots_returned=96,
        ballots_valid=95,
        ballots_invalid=1,
        votes={a.pk: 80, b.pk: 55, c.pk: 55},
    )

    election_round.refresh_from_db()
    assert election_round.base == 96
    assert election_round.number == 1
    assert election_round.elected == [a.pk]
    assert election_round.tied == sorted([b.pk, c.pk])
    assert (election_round.tie_seats, election_round.unfilled) == (1, 0)
    assert RoundVote.objects.filter(round=election_round).count() == 3
    assert AuditEvent.objects.filter(action="personnel.round_recorded").count() == 1


def test_second_round_among_the_tied_elects_the_seats_left(congress):
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=2)
    a, b, c = fill(ballot, 3)
    minutes = {
        "convened": 100,
        "ballots_issued": 96,
        "ballots_returned": 96,
        "ballots_valid": 96,
        "ballots_invalid": 0,
    }
    services.record_round(
        ballot=ballot, actor=None, votes={a.pk: 80, b.pk: 55, c.pk: 55}, **minutes
    )

    with pytest.raises(ValidationError):
        services.record_round(ballot=ballot, actor=None, votes={a.pk: 60, b.pk: 40}, **minutes)
    second = services.record_round(ballot=ballot, actor=None, votes={b.pk: 58, c.pk: 38}, **minutes)

    assert (second.number, second.elected, second.tied, second.unfilled) == (2, [b.pk], [], 0)
    assert [candidate.pk for candidate in selectors.elected_candidates(ballot)] == [a.pk, b.pk]
    with pytest.raises(ValidationError):
        services.record_round(ballot=ballot, actor=None, votes={c.pk: 90}, **minutes)


def test_record_round_below_threshold_leaves_seats_unfilled(congress):
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=2)
    a, b, c = fill(ballot, 3)

    election_round = services.record_round(
        ballot=ballot,
        actor=None,
        convened=100,
        ballots_issued=100,
        ballots_returned=100,
        ballots_valid=100,
        ballots_invalid=0,
        votes={a.pk: 51, b.pk: 50, c.pk: 20},  # 50 is not more than half of 100
    )

    assert (election_round.elected, election_round.unfilled) == ([a.pk], 1)


@pytest.mark.parametrize(
    "changes",
    [
        {"ballots_valid": 90},  # valid + invalid ≠ returned
        {"ballots_returned": 101},  # more returned than issued
        {"excluded_other": 101},  # D negative
        {"votes": "outsider"},
    ],
)
def test_record_round_refuses_inconsistent_counts_and_writes_nothing(congress, changes):
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=2)
    a, b, c = fill(ballot, 3)
    outsider = Candidate.objects.create(
        congress=congress,
        full_name="Người ngoài danh sách",
        gender="male",
        birth_date=a.birth_date,
        organization=congress.organization,
        org_path=congress.org_path,
    )
    arguments = {
        "convened": 100,
        "ballots_issued": 100,
        "ballots_returned": 100,
        "ballots_valid": 100,
        "ballots_invalid": 0,
        "votes": {a.pk: 70, b.pk: 60, c.pk: 20},
    }
    arguments.update(changes)
    if arguments["votes"] == "outsider":
        arguments["votes"] = {a.pk: 70, outsider.pk: 60}
    audits = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as raised:
        services.record_round(ballot=ballot, actor=None, **arguments)

    assert raised.value.messages
    assert not ElectionRound.objects.exists()
    assert not RoundVote.objects.exists()
    assert AuditEvent.objects.count() == audits


def test_record_round_errors_name_each_inconsistency_under_its_field(congress):
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.SECRETARY, seats=1)
    (a,) = fill(ballot, 1)

    with pytest.raises(ValidationError) as raised:
        services.record_round(
            ballot=ballot,
            actor=None,
            convened=10,
            ballots_issued=10,
            ballots_returned=10,
            ballots_valid=5,
            ballots_invalid=5,
            votes={a.pk: 6},
        )

    errors = raised.value.message_dict
    assert set(errors) == {f"votes_{a.pk}", "votes"}
    assert errors[f"votes_{a.pk}"] == [
        f"{a.full_name} có số phiếu bầu (6) nhiều hơn số phiếu hợp lệ (5; R-EL-19, Quy định "
        "244-QĐ/TW)."
    ]


def test_list_is_frozen_once_votes_are_recorded(congress):
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=1)
    candidates = fill(ballot, 2)
    _elect_all(ballot, candidates[:1])

    with pytest.raises(ValidationError):
        services.remove_candidate(ballot=ballot, candidate=candidates[1], actor=None)


def test_path_copies_are_kept_by_sync_path_copies():
    from organizations.services import path_copy_fields
    from personnel.models import Complaint

    models = {model for model, field, key in path_copy_fields() if field == "org_path"}
    assert {Candidate, ElectionRound, Complaint} <= models


def test_elected_by_level_rolls_up_the_committees_of_a_subtree(congress, tree, term):
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=3)
    people = [
        services.add_candidate(ballot=ballot, actor=None, **person(1, woman=True, incumbent=True)),
        services.add_candidate(ballot=ballot, actor=None, **person(2, young=True, incumbent=True)),
        services.add_candidate(ballot=ballot, actor=None, **person(3)),
        services.add_candidate(ballot=ballot, actor=None, **person(4, incumbent=True)),
    ]
    services.record_round(
        ballot=ballot,
        actor=None,
        convened=10,
        ballots_issued=10,
        ballots_returned=10,
        ballots_valid=10,
        ballots_invalid=0,
        votes={people[0].pk: 9, people[1].pk: 8, people[2].pk: 7, people[3].pk: 2},
    )

    rows = selectors.elected_by_level(
        organization=tree["city"], term=term, ages_on=datetime.date(2020, 6, 30)
    )

    assert [
        (
            row["level"],
            row["congresses"],
            row["elected"],
            row["reelected"],
            row["women"],
            row["young"],
        )
        for row in rows
    ] == [(2, 1, 3, 2, 1, 1)]
    assert rows[0]["reelected_share"] == "66,67"
    assert selectors.elected_by_level(organization=tree["long_bien"], term=term) == []


def test_key_posts_elected_as_approved(congress):
    secretary_ballot = services.add_ballot(
        congress=congress, actor=None, kind=BallotKind.SECRETARY, seats=1
    )
    deputy_ballot = services.add_ballot(
        congress=congress, actor=None, kind=BallotKind.DEPUTY_SECRETARY, seats=1
    )
    secretary = services.add_candidate(ballot=secretary_ballot, actor=None, **person(1))
    deputy = services.add_candidate(ballot=deputy_ballot, actor=None, **person(2, woman=True))
    approval = {
        "approving_body": "Ban Thường vụ Thành ủy",
        "approval_number": "125-TB/TU",
        "approval_date": datetime.date(2020, 7, 1),
    }
    services.nominate_key_post(
        congress=congress, actor=None, post=BallotKind.SECRETARY, candidate=secretary, **approval
    )
    services.nominate_key_post(
        congress=congress,
        actor=None,
        post=BallotKind.DEPUTY_SECRETARY,
        candidate=deputy,
        **approval,
    )
    minutes = {
        "convened": 39, "ballots_issued": 39, "ballots_returned": 39, "ballots_valid": 39,
        "ballots_invalid": 0,
    }  # fmt: skip
    services.record_round(ballot=secretary_ballot, actor=None, votes={secretary.pk: 38}, **minutes)

    half = selectors.key_post_figures(congress)
    services.record_round(ballot=deputy_ballot, actor=None, votes={deputy.pk: 35}, **minutes)
    full = selectors.key_post_figures(congress)

    assert [(row.post, row.elected) for row in half["nominations"]] == [
        ("deputy_secretary", False),
        ("secretary", True),
    ]
    assert (half["elected"], half["share"]) == (1, "50")
    assert (full["elected"], full["share"]) == (2, "100")


def test_count_problems_group_thousands():
    from django.utils import translation

    from personnel.services.rounds import count_problems

    arguments = {
        "seats": 1, "votes": {}, "names": {}, "ballots_issued": 4302,
        "ballots_returned": 4310, "ballots_valid": 4310, "ballots_invalid": 0,
    }  # fmt: skip
    with translation.override("vi"):
        vietnamese = count_problems(**arguments)["ballots_returned"][0]
    with translation.override("en"):
        english = count_problems(**arguments)["ballots_returned"][0]

    # Without a term, R-EL-19 is cited by its id alone.
    assert vietnamese == "Số phiếu thu vào (4.310) nhiều hơn số phiếu phát ra (4.302; R-EL-19)."
    assert english == (
        "The ballots returned (4,310) are more than the ballots issued (4,302; R-EL-19)."
    )
