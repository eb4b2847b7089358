import datetime

import pytest
from django.urls import reverse

from personnel import services
from personnel.choices import BallotKind
from personnel.models import Ballot, Candidate, Complaint, ElectionRound, KeyPostNomination
from tests.factories import OPENED, OrganizationFactory, UserFactory, open_congress
from tests.personnel.conftest import decided, fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def ballot(congress):
    return services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=9)


ADD = {
    "action": "add",
    "full_name": "Hoàng Thị Lan",
    "gender": "female",
    "birth_date": "01/02/1985",
    "ethnicity": "Tày",
}
ROUND = {
    "convened": "20",
    "excluded_absent_with_reason": "1",
    "excluded_suspended": "0",
    "excluded_other": "0",
    "ballots_issued": "19",
    "ballots_returned": "19",
    "ballots_valid": "18",
    "ballots_invalid": "1",
    "number": "1",
}


def test_staff_puts_a_person_on_the_list_and_sees_the_figures(client, staff, ballot):
    client.force_login(staff)

    response = client.post(reverse("personnel:ballot-detail", args=[ballot.pk]), ADD)

    assert response.status_code == 302
    candidate = ballot.candidates.get()
    assert (candidate.full_name, candidate.ethnicity) == ("Hoàng Thị Lan", "Tày")
    page = client.get(reverse("personnel:ballot-detail", args=[ballot.pk]))
    assert "Hoàng Thị Lan" in page.content.decode()
    assert page.context["figures"]["candidates"] == 1


def test_htmx_add_returns_the_slate_partial(client, staff, ballot):
    client.force_login(staff)

    response = client.post(
        reverse("personnel:ballot-detail", args=[ballot.pk]), ADD, HTTP_HX_REQUEST="true"
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="slate-figures">')
    assert "<html" not in body
    assert "Hoàng Thị Lan" in body


def test_add_without_name_shows_errors_and_writes_nothing(client, staff, ballot):
    client.force_login(staff)

    response = client.post(reverse("personnel:ballot-detail", args=[ballot.pk]), {"action": "add"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Candidate.objects.exists()


def test_staff_removes_a_candidate(client, staff, ballot):
    (candidate,) = fill(ballot, 1)
    client.force_login(staff)

    response = client.post(
        reverse("personnel:ballot-detail", args=[ballot.pk]),
        {"action": "remove", "candidate": candidate.pk},
    )

    assert response.status_code == 302
    assert not ballot.candidates.exists()


def test_unresolved_complaint_is_marked(client, staff, ballot):
    (candidate,) = fill(ballot, 1)
    Complaint.objects.create(
        candidate=candidate,
        received_on="2020-05-01",
        source="anonymous",
        summary="Đơn thư",
        organization=candidate.organization,
        org_path=candidate.org_path,
    )
    client.force_login(staff)

    response = client.get(reverse("personnel:ballot-detail", args=[ballot.pk]))

    assert response.context["candidates"][0].open_complaints == 1


def test_staff_adds_an_election_and_a_plan(client, staff, congress):
    client.force_login(staff)
    url = reverse("personnel:congress-personnel", args=[congress.pk])

    first = client.post(url, {"form": "ballot", "ballot-kind": "committee", "ballot-seats": "39"})
    second = client.post(
        url, {"form": "plan", "plan-committee_seats": "39", "plan-standing_seats": "11"}
    )

    assert first.status_code == second.status_code == 302
    assert Ballot.objects.get(congress=congress).seats == 39
    assert congress.committee_plan.standing_seats == 11
    assert client.get(url).status_code == 200


def test_a_secretary_elected_directly_and_a_candidate_not_from_the_locality(
    client, staff, congress
):
    """R-RP-02's data: the ballot form marks a secretary elected directly by the congress (and
    refuses it for another election, under the field, writing nothing); the candidate forms
    record whether the person is from the locality and show the stored answer."""
    client.force_login(staff)
    url = reverse("personnel:congress-personnel", args=[congress.pk])

    refused = client.post(
        url,
        {"form": "ballot", "ballot-kind": "committee", "ballot-seats": "9", "ballot-direct": "on"},
    )
    assert refused.status_code == 200
    assert refused.context["ballot_form"].errors["direct"]
    assert not Ballot.objects.filter(congress=congress).exists()
    client.post(
        url,
        {"form": "ballot", "ballot-kind": "secretary", "ballot-seats": "1", "ballot-direct": "on"},
    )
    ballot = Ballot.objects.get(congress=congress)
    assert ballot.direct
    assert "bầu trực tiếp tại đại hội" in client.get(url).content.decode().lower()

    detail = reverse("personnel:ballot-detail", args=[ballot.pk])
    client.post(detail, {**ADD, "is_local": "False"})
    candidate = ballot.candidates.get()
    assert candidate.is_local is False
    assert "không phải người địa phương" in client.get(detail).content.decode()
    edit = client.get(reverse("personnel:candidate-edit", args=[candidate.pk])).content.decode()
    assert '<option value="False" selected>' in edit


def test_round_entry_records_a_tie_and_shows_the_minutes(client, staff, congress):
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=2)
    a, b, c = fill(ballot, 3)
    client.force_login(staff)

    response = client.post(
        reverse("personnel:round-create", args=[ballot.pk]),
        {**ROUND, f"votes_{a.pk}": "14", f"votes_{b.pk}": "11", f"votes_{c.pk}": "11"},
    )

    election_round = ElectionRound.objects.get()
    assert response["Location"] == reverse("personnel:round-minutes", args=[election_round.pk])
    assert election_round.base == 19
    assert election_round.tied == sorted([b.pk, c.pk])
    minutes = client.get(response["Location"])
    assert minutes.status_code == 200
    assert "Bằng phiếu — đại hội quyết định" in minutes.content.decode()


def test_round_entry_refuses_inconsistent_counts(client, staff, ballot):
    (a,) = fill(ballot, 1)
    decided(ballot)
    client.force_login(staff)

    response = client.post(
        reverse("personnel:round-create", args=[ballot.pk]),
        {**ROUND, "ballots_valid": "10", f"votes_{a.pk}": "5"},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["ballots_valid"]
    assert not ElectionRound.objects.exists()


@pytest.fixture
def recorded_round(ballot):
    (a,) = fill(ballot, 1)
    decided(ballot)
    return services.record_round(
        ballot=ballot,
        actor=None,
        convened=10,
        ballots_issued=10,
        ballots_returned=10,
        ballots_valid=10,
        ballots_invalid=0,
        votes={a.pk: 9},
    )


def _posts(ballot, congress):
    return [
        (reverse("personnel:ballot-detail", args=[ballot.pk]), ADD),
        (
            reverse("personnel:congress-personnel", args=[congress.pk]),
            {"form": "ballot", "ballot-kind": "secretary", "ballot-seats": "1"},
        ),
        (reverse("personnel:round-create", args=[ballot.pk]), ROUND),
    ]


def test_leader_reads_but_cannot_write(client, tree, congress, ballot, recorded_round):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))
    counts = (Candidate.objects.count(), Ballot.objects.count(), ElectionRound.objects.count())

    for url in (
        reverse("personnel:ballot-detail", args=[ballot.pk]),
        reverse("personnel:congress-personnel", args=[congress.pk]),
        reverse("personnel:round-minutes", args=[recorded_round.pk]),
    ):
        assert client.get(url).status_code == 200
    for url, data in _posts(ballot, congress):
        assert client.post(url, data).status_code == 403
    assert (Candidate.objects.count(), Ballot.objects.count(), ElectionRound.objects.count()) == (
        counts
    )


def test_other_district_gets_404(client, tree, congress, ballot, recorded_round):
    client.force_login(UserFactory(scope=tree["long_bien"], role="staff"))

    for url in (
        reverse("personnel:ballot-detail", args=[ballot.pk]),
        reverse("personnel:congress-personnel", args=[congress.pk]),
        reverse("personnel:round-create", args=[ballot.pk]),
        reverse("personnel:round-minutes", args=[recorded_round.pk]),
    ):
        assert client.get(url).status_code == 404
    for url, data in _posts(ballot, congress):
        assert client.post(url, data).status_code == 404
    assert Candidate.objects.count() == 1


def test_anonymous_is_sent_to_login(client, congress, ballot, recorded_round):
    for url in (
        reverse("personnel:ballot-detail", args=[ballot.pk]),
        reverse("personnel:congress-personnel", args=[congress.pk]),
        reverse("personnel:round-create", args=[ballot.pk]),
        reverse("personnel:round-minutes", args=[recorded_round.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


@pytest.mark.parametrize("size", [2, 20])
def test_slate_page_query_count_is_constant(client, staff, ballot, size, django_assert_num_queries):
    candidates = fill(ballot, size, women=size // 2)
    for candidate in candidates[:2]:
        Complaint.objects.create(
            candidate=candidate,
            received_on="2020-05-01",
            source="named",
            summary="Đơn thư",
            organization=candidate.organization,
            org_path=candidate.org_path,
        )
    client.force_login(staff)
    url = reverse("personnel:ballot-detail", args=[ballot.pk])
    client.get(url)  # warm up any per-process caches

    with django_assert_num_queries(QUERIES):
        response = client.get(url)

    assert len(response.context["candidates"]) == size


# Session, user, grants, ballot (with its congress's organization and its kind: the pack's
# R-WV-14 may name an age reference date per kind, the new wards of 2025), candidates with
# complaint counts, age rule, rounds, and the term's rule pack its messages cite (R-WV-15
# since 2020–2025 asks 30 months of re-elected members; congresses.rulepacks reads a pack once
# per term).
QUERIES = 8


def test_staff_record_a_complaint_and_the_slate_marks_it(client, congress, staff):
    ballot = services.add_ballot(congress=congress, actor=None, kind="committee", seats=1)
    candidate = services.add_candidate(
        ballot=ballot,
        actor=None,
        full_name="Trần Văn Minh",
        gender="male",
        birth_date=datetime.date(1975, 3, 2),
    )
    client.force_login(staff)
    url = reverse("personnel:candidate-complaints", args=[candidate.pk])

    refused = client.post(
        url,
        {
            "received_on": "20/07/2020",
            "source": "anonymous",
            "summary": "Đơn tố cáo",
            "is_resolved": "on",
        },
    )
    response = client.post(
        url, {"received_on": "20/07/2020", "source": "anonymous", "summary": "Đơn tố cáo"}
    )
    slate = client.get(reverse("personnel:ballot-detail", args=[ballot.pk]))

    assert refused.context["form"].errors == {"conclusion": ["Đơn đã giải quyết phải có kết luận."]}
    assert response.status_code == 302
    assert list(Complaint.objects.values_list("summary", "is_resolved")) == [("Đơn tố cáo", False)]
    assert "1 đơn thư chưa giải quyết" in slate.content.decode()


def test_key_post_nominee_is_recorded_by_staff_and_refused_to_a_leader(
    client, congress, tree, staff
):

    ballot = services.add_ballot(congress=congress, actor=None, kind="secretary", seats=1)
    candidate = services.add_candidate(
        ballot=ballot,
        actor=None,
        full_name="Trần Văn Minh",
        gender="male",
        birth_date=datetime.date(1975, 3, 2),
    )
    url = reverse("personnel:congress-personnel", args=[congress.pk])
    payload = {
        "form": "key_post",
        "key-post": "secretary",
        "key-candidate": candidate.pk,
        "key-approving_body": "Ban Thường vụ Thành ủy",
        "key-approval_number": "125-TB/TU",
        "key-approval_date": "01/07/2020",
    }
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))
    refused = client.post(url, payload)
    client.force_login(staff)

    response = client.post(url, payload, follow=True)

    assert refused.status_code == 403
    assert list(KeyPostNomination.objects.values_list("post", "candidate")) == [
        ("secretary", candidate.pk)
    ]
    assert response.context["key_posts"]["share"] == "0"


def test_a_floor_nominee_without_enough_agreement_is_refused_in_vietnamese(client, staff, ballot):
    client.force_login(staff)
    payload = {
        **ADD,
        "nomination": "floor",
        "nomination_agreed": "30",
        "nomination_present": "100",
    }

    response = client.post(reverse("personnel:ballot-detail", args=[ballot.pk]), payload)

    assert response.status_code == 200
    assert "hơn 30 %" in response.content.decode()
    assert not Candidate.objects.exists()

    payload["nomination_agreed"] = "31"
    response = client.post(reverse("personnel:ballot-detail", args=[ballot.pk]), payload)
    assert response.status_code == 302
    page = client.get(reverse("personnel:ballot-detail", args=[ballot.pk])).content.decode()
    assert "Giới thiệu tại đại hội" in page


def test_staff_edit_a_candidate_and_a_stale_form_is_refused(client, staff, ballot):
    (candidate,) = fill(ballot, 1)
    client.force_login(staff)
    url = reverse("personnel:candidate-edit", args=[candidate.pk])
    payload = {
        "full_name": "Lò Thị Hạnh",
        "gender": "female",
        "birth_date": "02/09/1988",
        "ethnicity": "Thái",
        "education": "Cử nhân",
        "nomination": "plan",
        "version": "1",
    }
    assert client.get(url).status_code == 200

    response = client.post(url, payload)

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.full_name, candidate.ethnicity, candidate.version) == (
        "Lò Thị Hạnh",
        "Thái",
        2,
    )
    response = client.post(url, {**payload, "education": "Tiến sĩ"})  # still version 1
    assert response.status_code == 200
    assert "Người khác vừa sửa" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.education == "Cử nhân"


def test_leader_cannot_edit_a_candidate_and_another_district_cannot_see_it(client, tree, ballot):
    (candidate,) = fill(ballot, 1)
    url = reverse("personnel:candidate-edit", args=[candidate.pk])
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(scope=tree["long_bien"], role="staff"))
    assert client.post(url, {"full_name": "X", "version": "1"}).status_code == 404
    candidate.refresh_from_db()
    assert candidate.version == 1


def test_staff_name_the_counting_committee_and_a_candidate_is_refused(client, staff, ballot):
    (candidate,) = fill(ballot, 1)
    client.force_login(staff)
    url = reverse("personnel:congress-personnel", args=[ballot.congress_id])

    response = client.post(
        url, {"form": "counting", "counting-full_name": "Đặng Thu Hà", "counting-is_head": "on"}
    )
    assert response.status_code == 302
    response = client.post(url, {"form": "counting", "counting-full_name": candidate.full_name})
    assert response.status_code == 200
    assert "không được tham gia Ban kiểm phiếu" in response.content.decode()
    page = client.get(url).content.decode()
    assert "Đặng Thu Hà" in page
    assert ballot.congress.counting_members.count() == 1


def test_staff_add_a_member_to_the_counting_committee_by_code(client, staff, tree, congress):
    """A member of the subtree is named on the counting committee by their code (a 500 once:
    the form had lost the members its code is looked up among); an unknown code is refused
    under the field."""
    from tests.factories import MemberFactory, OrganizationFactory

    cell = OrganizationFactory(parent=tree["xuan_la"], name="Chi bộ khu phố 2")
    member = MemberFactory(organization=cell)
    client.force_login(staff)
    url = reverse("personnel:congress-personnel", args=[congress.pk])

    added = client.post(url, {"form": "counting", "counting-member_code": member.code})
    unknown = client.post(url, {"form": "counting", "counting-member_code": "KHONG-CO"})

    assert added.status_code == 302
    assert congress.counting_members.get().member == member
    assert unknown.status_code == 200
    assert unknown.context["counting_form"].errors["member_code"]
    assert congress.counting_members.count() == 1


def test_the_cell_secretary_alert_after_three_empty_rounds(client, tree, term):
    from congresses import services as congress_services

    cell = OrganizationFactory(parent=tree["xuan_la"], name="Chi bộ số 4")
    congress_services.create_term_plan(term=term, root=tree["xuan_la"], actor=None)
    congress = open_congress(cell.congresses.get(term=term), OPENED)
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.SECRETARY, seats=1)
    (candidate,) = fill(ballot, 1)
    for _ in range(3):
        services.record_round(
            ballot=ballot, actor=None, convened=6, ballots_issued=6, ballots_returned=6,
            ballots_valid=6, ballots_invalid=0, votes={candidate.pk: 3},
        )  # fmt: skip
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))

    page = client.get(reverse("personnel:ballot-detail", args=[ballot.pk])).content.decode()

    assert "cấp ủy cấp trên chỉ định bí thư chi bộ" in page


def test_results_page_shows_the_plans(client, staff, congress):
    services.save_committee_plan(
        congress=congress, actor=None, committee_seats=39, planned_reelected=33
    )
    client.force_login(staff)

    response = client.get(reverse("personnel:election-results", args=[congress.organization_id]))

    rows = response.context["planned"]
    assert [(row["seats"], row["reelected"], row["reelected_share"]) for row in rows] == [
        (39, 33, "84,62")
    ]


def test_results_page_prints_a_dash_without_a_share_when_re_elections_are_not_planned(
    client, staff, congress
):
    services.save_committee_plan(congress=congress, actor=None, committee_seats=39)
    client.force_login(staff)

    response = client.get(reverse("personnel:election-results", args=[congress.organization_id]))

    row = response.context["planned"][0]
    assert (row["seats"], row["reelected"]) == (39, None)
    table = response.content.decode().split('id="planned"')[1].split("</table>")[0]
    assert '<td class="text-end">—</td>' in table
    assert "%" not in table


@pytest.mark.parametrize("size", [3, 15])
def test_congress_personnel_page_query_count_is_constant(
    client, staff, congress, size, django_assert_num_queries
):
    committee = services.add_ballot(
        congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=size
    )
    candidates = fill(committee, size + 1)
    services.record_round(
        ballot=committee, actor=None, convened=size * 3, ballots_issued=size * 3,
        ballots_returned=size * 3, ballots_valid=size * 3, ballots_invalid=0,
        votes={candidate.pk: size * 2 for candidate in candidates[:size]},
    )  # fmt: skip
    for index in range(size // 3):
        services.add_counting_member(congress=congress, actor=None, full_name=f"Kiểm phiếu {index}")
    client.force_login(staff)
    url = reverse("personnel:congress-personnel", args=[congress.pk])
    client.get(url)

    with django_assert_num_queries(PERSONNEL_PAGE_QUERIES):
        response = client.get(url)

    assert len(response.context["bodies"][0]["elected"]) == size


# Session, user, grants ×2 (scope, write), congress (with its organization's kind: R-WV-14's
# age reference date per kind, for the body's figures), plan, ballots, key posts, body
# (ballot, rounds, candidates, age rule), bodies ×2, counting members (with their accounts),
# the account form's choice of counting members, the count log's head; the term's rule pack.
PERSONNEL_PAGE_QUERIES = 18


def test_round_entry_names_every_inconsistency_in_words(client, staff, ballot):
    """Issue 18, item 5: each R-EL-19 rule that fails is its own translated message under the
    field concerned, all at once; no English developer text reaches the form."""
    a, b = fill(ballot, 2)
    decided(ballot)
    client.force_login(staff)

    response = client.post(
        reverse("personnel:round-create", args=[ballot.pk]),
        {
            **ROUND,
            "ballots_issued": "10",
            "ballots_returned": "12",
            "ballots_valid": "9",
            "ballots_invalid": "1",
            f"votes_{a.pk}": "50",
            f"votes_{b.pk}": "40",
        },
    )

    errors = response.context["form"].errors
    page = response.content.decode()
    assert response.status_code == 200
    # Issue 15, item 4: each names R-EL-19 with the term's election regulation.
    rule = "R-EL-19, Quy định 244-QĐ/TW"
    assert errors["ballots_returned"] == [
        f"Số phiếu thu vào (12) nhiều hơn số phiếu phát ra (10; {rule})."
    ]
    assert errors["ballots_valid"] == [
        "Số phiếu hợp lệ cộng số phiếu không hợp lệ (9 + 1 = 10) phải bằng số phiếu thu vào "
        f"(12; {rule})."
    ]
    assert errors[f"votes_{a.pk}"] == [
        f"{a.full_name} có số phiếu bầu (50) nhiều hơn số phiếu hợp lệ (9; {rule})."
    ]
    assert f"votes_{b.pk}" in errors
    assert errors["__all__"] == [
        "Tổng số phiếu bầu là 90, nhiều hơn số phiếu hợp lệ × số người cần bầu (9 × 9 = 81): "
        f"mỗi phiếu hợp lệ chỉ được để lại nhiều nhất bằng số người cần bầu ({rule})."
    ]
    assert "exceeds" not in page
    assert "must equal" not in page
    assert not ElectionRound.objects.exists()


def test_round_form_loads_the_running_totals_script(client, staff, ballot):
    fill(ballot, 2)
    client.force_login(staff)

    page = client.get(reverse("personnel:round-create", args=[ballot.pk])).content.decode()

    assert 'src="/static/js/round-totals.js" defer' in page
    assert page.count('data-sum="votes"') == 2
    assert page.count('data-sum="ballots"') == 2
    assert '<output data-sum-of="votes"' in page


def test_results_name_levels_and_group_thousands(client, staff, congress, monkeypatch):
    """Issue 18, item 6: a level is named by the term's level rules, not "Cấp 3"; counts print
    4.302 in Vietnamese and 4,302 in English."""
    from congresses.models import TermLevelRule
    from personnel import selectors

    label = TermLevelRule.objects.get(term=congress.term, level=congress.level).label
    monkeypatch.setattr(
        selectors,
        "planned_by_level",
        lambda **kwargs: [
            {"level": congress.level, "plans": 4302, "seats": 4302, "reelected": None,
             "reelected_share": "—"}
        ],
    )  # fmt: skip
    client.force_login(staff)
    url = reverse("personnel:election-results", args=[congress.organization_id])

    vietnamese = client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()

    assert f"<td>{label}</td>" in vietnamese
    assert f"Cấp {congress.level}" not in vietnamese
    assert '<td class="text-end">4.302</td>' in vietnamese
    assert '<td class="text-end">4,302</td>' in english


def test_messages_of_htmx_actions_do_not_pile_up(client, staff, ballot):
    """Issue 18, item 15: the answer to an htmx action carries its message; the next page does
    not show it again."""
    client.force_login(staff)
    url = reverse("personnel:ballot-detail", args=[ballot.pk])

    answer = client.post(url, ADD, HTTP_HX_REQUEST="true").content.decode()
    again = client.post(url, {**ADD, "full_name": "Lò Văn Páo"}, HTTP_HX_REQUEST="true")
    page = client.get(url).content.decode()

    assert "Đã đưa Hoàng Thị Lan vào danh sách." in answer
    assert "Đã đưa Lò Văn Páo vào danh sách." in again.content.decode()
    assert "Đã đưa Hoàng Thị Lan vào danh sách." not in again.content.decode()
    assert "vào danh sách." not in page
