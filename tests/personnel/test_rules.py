"""Rules R-EL-05 (counting committee), R-EL-11..13 (nominees from outside the list), R-EL-25/26
(cells, grassroots committees), R-EL-28 (probationary members); candidate corrections."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from audit.models import AuditEvent
from congresses import rulepacks
from congresses import services as congress_services
from core.editing import StaleEditError
from personnel import selectors, services
from personnel.choices import BallotKind, Nomination
from personnel.models import Candidate, CountingMember
from tests.factories import OPENED, MemberFactory, OrganizationFactory, open_congress
from tests.personnel.conftest import fill, person

pytestmark = pytest.mark.django_db


def _cited(error, term, rule_id, document):
    """Issue 15, item 4: the refusal names the rule and its source document, from `term`'s
    pack (congresses 0013)."""
    rule = rulepacks.cite(term, rule_id)
    assert rule.startswith(rule_id)
    assert document in rule
    assert rule in " ".join(error.value.messages)


MINUTES = {"ballots_issued": 8, "ballots_returned": 8, "ballots_valid": 8, "ballots_invalid": 0}


@pytest.fixture(autouse=True)
def english():
    """The messages are matched in English (the Vietnamese ones are checked by the views)."""
    with translation.override("en"):
        yield


@pytest.fixture
def cell(tree):
    return OrganizationFactory(parent=tree["xuan_la"], name="Chi bộ khu dân cư số 9")


@pytest.fixture
def ballot(congress):
    return services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=9)


def _cell_congress(tree, term, *, official, probationary=0):
    """A cell under Xuân La with `official` official and `probationary` probationary members."""
    cell = OrganizationFactory(parent=tree["xuan_la"], name="Chi bộ tổ dân phố số 1")
    for _ in range(official):
        MemberFactory(organization=cell)
    for _ in range(probationary):
        MemberFactory(organization=cell, official_on=None)
    congress_services.create_term_plan(term=term, root=tree["xuan_la"], actor=None)
    return open_congress(cell.congresses.get(term=term), OPENED)


# --- R-EL-11..13 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agreed", "present", "accepted"),
    [(31, 100, True), (30, 100, False), (4, 10, True), (3, 10, False), (0, 5, False)],
)
def test_a_floor_nominee_needs_more_than_30_percent(ballot, agreed, present, accepted):
    arguments = {
        "ballot": ballot,
        "actor": None,
        "nomination": Nomination.FLOOR,
        "nomination_agreed": agreed,
        "nomination_present": present,
        **person(1),
    }
    if accepted:
        candidate = services.add_candidate(**arguments)
        assert (candidate.nomination_agreed, candidate.nomination_present) == (agreed, present)
    else:
        with pytest.raises(ValidationError) as caught:
            services.add_candidate(**arguments)
        assert "30" in str(caught.value.message_dict["nomination_agreed"])
        _cited(caught, ballot.congress.term, "R-EL-11", "244-QĐ/TW")
        assert not Candidate.objects.exists()


def test_a_self_nominee_needs_the_figures_and_consistent_ones(ballot):
    with pytest.raises(ValidationError) as caught:
        services.add_candidate(ballot=ballot, actor=None, nomination=Nomination.SELF, **person(1))
    assert set(caught.value.message_dict) == {"nomination_agreed", "nomination_present"}
    _cited(caught, ballot.congress.term, "R-EL-11", "244-QĐ/TW")
    with pytest.raises(ValidationError) as caught:
        services.add_candidate(
            ballot=ballot, actor=None, nomination=Nomination.SELF, nomination_agreed=12,
            nomination_present=10, **person(1),
        )  # fmt: skip
    assert "nomination_agreed" in caught.value.message_dict
    assert not Candidate.objects.exists()


def test_convening_committee_members_stand_and_nominate_only_on_its_list(ballot):
    """R-EL-13: an outgoing (convening) committee member may not self-nominate, nor nominate
    someone from the floor."""
    with pytest.raises(ValidationError) as caught:
        services.add_candidate(
            ballot=ballot, actor=None, nomination=Nomination.SELF, nomination_agreed=90,
            nomination_present=100, **person(1, incumbent=True),
        )  # fmt: skip
    assert "nomination" in caught.value.message_dict
    _cited(caught, ballot.congress.term, "R-EL-13", "244-QĐ/TW")
    assert "Art. 13" in " ".join(caught.value.messages)  # 244-QĐ/TW Art. 13 (congresses 0017)
    with pytest.raises(ValidationError) as caught:
        services.add_candidate(
            ballot=ballot, actor=None, nomination=Nomination.FLOOR, nomination_agreed=90,
            nomination_present=100, nominator_in_committee=True, **person(2),
        )  # fmt: skip
    _cited(caught, ballot.congress.term, "R-EL-13", "244-QĐ/TW")
    assert not Candidate.objects.exists()


def test_nomination_refusals_cite_the_2025_regulation_in_vietnamese():
    """2025–2030: R-EL-11 from 190-QĐ/TW Art. 14, R-EL-13 from 190-QĐ/TW (congresses 0017)."""
    from congresses.models import Term

    term = Term.objects.get(name="2025–2030")

    with translation.override("vi"), pytest.raises(ValidationError) as floor:
        services.check_nomination(
            term=term, nomination=Nomination.FLOOR, agreed=3, present=10, is_incumbent=False
        )
    with translation.override("vi"), pytest.raises(ValidationError) as incumbent:
        services.check_nomination(
            term=term, nomination=Nomination.SELF, agreed=9, present=10, is_incumbent=True
        )

    assert floor.value.message_dict["nomination_agreed"] == [
        "Người ứng cử, được đề cử ngoài danh sách phải được hơn 30 % số có mặt đồng ý: 3/10 là "
        "30 % (R-EL-11, Quy định 190-QĐ/TW, Điều 14)."
    ]
    assert incumbent.value.message_dict["nomination"][0].endswith("(R-EL-13, Quy định 190-QĐ/TW).")


def test_the_committee_list_keeps_no_agreement_figures(ballot):
    candidate = services.add_candidate(
        ballot=ballot, actor=None, nomination_agreed=5, nomination_present=9, **person(1)
    )
    assert candidate.nomination == Nomination.PLAN
    assert candidate.nomination_agreed is None


# --- R-EL-28 and R-EL-05 --------------------------------------------------------------------


def test_a_probationary_member_may_not_stand(ballot, tree, cell):
    member = MemberFactory(organization=cell, official_on=None)
    with pytest.raises(ValidationError) as caught:
        services.add_candidate(ballot=ballot, actor=None, member=member)
    assert "member_code" in caught.value.message_dict
    _cited(caught, ballot.congress.term, "R-EL-28", "Party Charter")
    assert not Candidate.objects.exists()


def test_the_counting_committee_and_the_candidates_exclude_each_other(ballot, congress, tree, cell):
    member = MemberFactory(organization=cell)
    services.add_counting_member(congress=congress, actor=None, member=member, is_head=True)
    services.add_counting_member(congress=congress, actor=None, full_name="Trần Thị Mai")

    with pytest.raises(ValidationError, match="counting committee") as caught:
        services.add_candidate(ballot=ballot, actor=None, member=member)
    _cited(caught, congress.term, "R-EL-05", "244-QĐ/TW, Art. 7")
    with pytest.raises(ValidationError, match="counting committee"):
        services.add_candidate(
            ballot=ballot, actor=None, **{**person(1), "full_name": "trần thị mai"}
        )
    candidate = services.add_candidate(ballot=ballot, actor=None, **person(2))
    with pytest.raises(ValidationError, match="stands in an election") as caught:
        services.add_counting_member(congress=congress, actor=None, full_name=candidate.full_name)
    _cited(caught, congress.term, "R-EL-05", "244-QĐ/TW, Art. 7")
    with pytest.raises(ValidationError, match="already"):
        services.add_counting_member(congress=congress, actor=None, member=member)
    assert CountingMember.objects.count() == 2
    assert Candidate.objects.count() == 1
    assert AuditEvent.objects.filter(action="personnel.counting_member_added").count() == 2


def test_a_probationary_member_may_not_count(congress, tree, cell):
    member = MemberFactory(organization=cell, official_on=None)
    with pytest.raises(ValidationError) as caught:
        services.add_counting_member(congress=congress, actor=None, member=member)
    _cited(caught, congress.term, "R-EL-28", "Party Charter")
    assert not CountingMember.objects.exists()


# --- R-EL-25/26 -----------------------------------------------------------------------------


def test_a_small_cell_elects_only_its_secretary_and_deputy(tree, term):
    """8 official members (and 3 probationary, who do not count): no committee election."""
    congress = _cell_congress(tree, term, official=8, probationary=3)
    with pytest.raises(ValidationError, match="8 official members") as caught:
        services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=3)
    _cited(caught, term, "R-EL-25", "29-QĐ/TW, item 24")
    with pytest.raises(ValidationError, match="standing committee") as caught:
        services.add_ballot(
            congress=congress, actor=None, kind=BallotKind.STANDING_COMMITTEE, seats=1
        )
    _cited(caught, term, "R-EL-25", "29-QĐ/TW, item 24")
    with pytest.raises(ValidationError) as caught:  # R-WV-09: the pilot of 35-CT/TW (0015)
        services.add_ballot(
            congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=1, direct=True
        )
    _cited(caught, term, "R-WV-09", "35-CT/TW")
    services.add_ballot(congress=congress, actor=None, kind=BallotKind.SECRETARY, seats=1)
    # Its plan may count the secretary and a deputy, not more.
    services.save_committee_plan(congress=congress, actor=None, committee_seats=2)
    with pytest.raises(ValidationError):
        services.save_committee_plan(congress=congress, actor=None, committee_seats=3)
    assert congress.committee_plan.committee_seats == 2


def test_a_cell_of_nine_elects_a_committee_of_at_most_seven(tree, term):
    congress = _cell_congress(tree, term, official=9)
    with pytest.raises(ValidationError, match="at most 7") as caught:
        services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=8)
    _cited(caught, term, "R-EL-25", "29-QĐ/TW, item 24")
    assert (
        services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=7).seats
        == 7
    )


def test_a_grassroots_committee_under_nine_elects_no_standing_committee(tree, term):
    congress_services.create_term_plan(term=term, root=tree["xuan_la"], actor=None)
    congress = open_congress(tree["xuan_la"].congresses.get(term=term), OPENED)
    with pytest.raises(ValidationError, match="at least 9"):
        services.save_committee_plan(
            congress=congress, actor=None, committee_seats=7, standing_seats=3
        )
    services.save_committee_plan(congress=congress, actor=None, committee_seats=7)
    with pytest.raises(ValidationError, match="at least 9") as caught:
        services.add_ballot(
            congress=congress, actor=None, kind=BallotKind.STANDING_COMMITTEE, seats=3
        )
    _cited(caught, term, "R-EL-26", "Party Charter 2011, Art. 22")
    services.save_committee_plan(
        congress=congress, actor=None, committee_seats=11, standing_seats=3
    )
    services.add_ballot(congress=congress, actor=None, kind=BallotKind.STANDING_COMMITTEE, seats=3)


def test_a_district_elects_its_standing_committee_whatever_the_plan(congress):
    services.add_ballot(congress=congress, actor=None, kind=BallotKind.STANDING_COMMITTEE, seats=3)


def test_after_three_empty_rounds_the_cell_secretary_is_appointed(tree, term):
    congress = _cell_congress(tree, term, official=8)
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.SECRETARY, seats=1)
    (candidate,) = fill(ballot, 1)
    for _ in range(3):
        assert not selectors.secretary_to_be_appointed(ballot)
        services.record_round(
            ballot=ballot, actor=None, convened=8, votes={candidate.pk: 4}, **MINUTES
        )
    assert selectors.secretary_to_be_appointed(ballot)
    with pytest.raises(ValidationError, match="appoints"):
        services.record_round(
            ballot=ballot, actor=None, convened=8, votes={candidate.pk: 8}, **MINUTES
        )
    assert ballot.rounds.count() == 3


def test_a_district_secretary_may_be_voted_again_after_three_rounds(congress):
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.SECRETARY, seats=1)
    (candidate,) = fill(ballot, 1)
    for votes in (4, 4, 4, 6):
        services.record_round(
            ballot=ballot, actor=None, convened=8, votes={candidate.pk: votes}, **MINUTES
        )
    assert ballot.rounds.last().elected == [candidate.pk]


# --- plans ----------------------------------------------------------------------------------


def test_planned_re_elections_cannot_exceed_the_seats(congress):
    with pytest.raises(ValidationError) as caught:
        services.save_committee_plan(
            congress=congress, actor=None, committee_seats=9, planned_reelected=10
        )
    assert "planned_reelected" in caught.value.message_dict


def test_plans_roll_up_per_level_in_one_query(tree, term):
    congress_services.create_term_plan(term=term, root=tree["tay_ho"], actor=None)
    ward = OrganizationFactory(parent=tree["tay_ho"], name="Đảng bộ phường Nhật Tân")
    congress_services.create_term_plan(term=term, root=tree["tay_ho"], actor=None)
    for organization, seats, reelected in (
        (tree["tay_ho"], 39, 33),
        (tree["xuan_la"], 13, 10),
        (ward, 11, None),
    ):
        services.save_committee_plan(
            congress=organization.congresses.get(term=term),
            actor=None,
            committee_seats=seats,
            planned_reelected=reelected,
        )

    with CaptureQueriesContext(connection) as queries:
        rows = selectors.planned_by_level(organization=tree["tay_ho"], term=term)
    assert len(queries) == 1
    assert [(row["level"], row["plans"], row["seats"], row["reelected"]) for row in rows] == [
        (2, 1, 39, 33),
        (3, 2, 24, 10),
    ]
    assert rows[0]["reelected_share"] == "84.62"


# --- candidate corrections ------------------------------------------------------------------


def test_staff_correct_a_person_record_and_it_is_audited(ballot):
    (candidate,) = fill(ballot, 1)
    updated = services.update_candidate(
        candidate=candidate,
        actor=None,
        expected_version=candidate.version,
        full_name="  Lò Văn  Pâng ",
        ethnicity="Thái",
        birth_date=datetime.date(1986, 4, 2),
    )
    assert (updated.full_name, updated.ethnicity, updated.version) == ("Lò Văn Pâng", "Thái", 2)
    event = AuditEvent.objects.get(action="personnel.candidate_updated")
    assert event.data["after"]["ethnicity"] == "Thái"

    with pytest.raises(StaleEditError):
        services.update_candidate(
            candidate=candidate, actor=None, expected_version=1, education="Tiến sĩ"
        )
    candidate.refresh_from_db()
    assert candidate.education == "Thạc sĩ"


def test_member_data_are_changed_on_the_member_not_the_candidate(ballot, tree, cell):
    member = MemberFactory(organization=cell)
    candidate = services.add_candidate(ballot=ballot, actor=None, member=member)
    with pytest.raises(ValidationError) as caught:
        services.update_candidate(
            candidate=candidate, actor=None, expected_version=1, full_name="Tên khác"
        )
    assert "full_name" in caught.value.message_dict
    services.update_candidate(
        candidate=candidate, actor=None, expected_version=1, education="Tiến sĩ"
    )


def test_no_correction_after_votes(ballot):
    candidates = fill(ballot, 10)
    services.record_round(
        ballot=ballot, actor=None, convened=8,
        votes={candidate.pk: 5 for candidate in candidates[:8]}, **MINUTES,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="Votes have been recorded"):
        services.update_candidate(
            candidate=candidates[0], actor=None, expected_version=1, education="Tiến sĩ"
        )


def test_a_correction_to_a_floor_nomination_is_checked_again(ballot):
    candidate = services.add_candidate(
        ballot=ballot, actor=None, nomination=Nomination.FLOOR, nomination_agreed=40,
        nomination_present=100, **person(1),
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.update_candidate(
            candidate=candidate, actor=None, expected_version=1, nomination_agreed=20
        )
    updated = services.update_candidate(
        candidate=candidate, actor=None, expected_version=1, nomination=Nomination.PLAN
    )
    assert (updated.nomination, updated.nomination_agreed) == (Nomination.PLAN, None)


def test_elected_bodies_list_each_election(congress):
    committee = services.add_ballot(
        congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=3
    )
    candidates = fill(committee, 4)
    services.record_round(
        ballot=committee, actor=None, convened=8,
        votes=dict(zip([c.pk for c in candidates], (8, 7, 6, 1), strict=True)), **MINUTES,
    )  # fmt: skip
    secretary = services.add_ballot(
        congress=congress, actor=None, kind=BallotKind.SECRETARY, seats=1
    )
    secretary.candidates.add(candidates[0])
    services.record_round(
        ballot=secretary, actor=None, convened=3, ballots_issued=3, ballots_returned=3,
        ballots_valid=3, ballots_invalid=0, votes={candidates[0].pk: 3},
    )  # fmt: skip

    with CaptureQueriesContext(connection) as queries:
        bodies = selectors.elected_bodies(congress)
    assert len(queries) == 2
    assert [(body["ballot"].kind, body["elected"]) for body in bodies] == [
        (BallotKind.COMMITTEE, candidates[:3]),
        (BallotKind.SECRETARY, candidates[:1]),
    ]


# --- R-WV-15: months of service left --------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "gender", "retires"),
    [
        # Decree 135/2020, appendix I and II: the age reached in the year it applies.
        (datetime.date(1961, 1, 15), "male", datetime.date(2021, 4, 15)),  # 60 y 3 m
        (datetime.date(1961, 10, 15), "male", datetime.date(2022, 4, 15)),  # 60 y 6 m
        (datetime.date(1966, 1, 15), "female", datetime.date(2021, 5, 15)),  # 55 y 4 m
        (datetime.date(1966, 9, 15), "female", datetime.date(2022, 5, 15)),  # 55 y 8 m
        (datetime.date(1970, 1, 1), "male", datetime.date(2032, 1, 1)),  # 62 from 2028
        (datetime.date(1980, 1, 1), "female", datetime.date(2040, 1, 1)),  # 60 from 2035
        (datetime.date(1959, 5, 1), "male", datetime.date(2019, 5, 1)),  # 60 before 2021
    ],
)
def test_retirement_dates_follow_the_statutory_roadmap(birth, gender, retires):
    from personnel.retirement import retirement_date

    assert retirement_date(birth_date=birth, gender=gender) == retires


def test_months_left_count_whole_months():
    from personnel.retirement import months_left

    # Men born 15/01/1966 retire on 15/10/2027 (61 y 9 m).
    assert months_left(birth_date=datetime.date(1966, 1, 15), gender="male",
                       on=datetime.date(2025, 6, 1)) == 28  # fmt: skip
    assert months_left(birth_date=datetime.date(1966, 1, 15), gender="male",
                       on=datetime.date(2025, 6, 16)) == 27  # fmt: skip
    assert months_left(birth_date=datetime.date(1950, 1, 1), gender="male",
                       on=datetime.date(2025, 6, 1)) == 0  # fmt: skip


def test_the_slate_flags_candidates_short_of_service(tree):
    """2025–2030 asks 60 months of new members and 48 of re-elected ones, counted at the
    age reference date of the organization's kind (a ward committee, level 2 since the district
    level ended: 01/07/2025)."""
    from congresses.models import Term
    from tests.factories import ward_committee

    term = Term.objects.get(name="2025–2030")
    ward = ward_committee(tree["city"])
    congress_services.create_term_plan(term=term, root=ward, actor=None)
    # Opened in its level's window: a ward committee holds no congress before 01/07/2025.
    congress = open_congress(ward.congresses.get(term=term), datetime.date(2025, 7, 15))
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=3)
    people = [
        # New, retires 15/10/2027: 27 months < 60.
        {**person(1), "birth_date": datetime.date(1966, 1, 15)},
        # Re-elected, retires 01/10/2030 (born 1968, 62): 64 months ≥ 48.
        {**person(2, incumbent=True), "birth_date": datetime.date(1968, 10, 1)},
        # Re-elected woman born 01/01/1971: retires on 01/09/2028 at 57 y 8 m → 38 months < 48.
        {**person(3, woman=True, incumbent=True), "birth_date": datetime.date(1971, 1, 1)},
        {**person(4), "birth_date": datetime.date(1985, 1, 1)},
    ]
    candidates = [services.add_candidate(ballot=ballot, actor=None, **p) for p in people]

    figures = selectors.slate_figures(ballot=ballot, term=term)

    assert figures["short_of_service"] == {candidates[0].pk: 27, candidates[2].pk: 38}
    row = next(row for row in figures["rows"] if row["key"] == "service")
    assert row["count"] == 2
    assert any("2 candidates have fewer months" in str(m) for m in figures["messages"])


def test_no_service_check_without_the_terms_figures(congress, term, ballot):
    term.first_time_service_months = term.reelected_service_months = None  # a term without them
    fill(ballot, 10)
    figures = selectors.slate_figures(ballot=ballot, term=term)
    assert figures["short_of_service"] == {}
    assert "service" not in {row["key"] for row in figures["rows"]}
