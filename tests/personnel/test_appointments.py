"""Bodies appointed by the higher committee at a 2-content congress (R-WV-13)."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from congresses.choices import CongressContent
from congresses.models import Term
from core.editing import StaleEditError
from personnel import rollup, selectors, services
from personnel.choices import BallotKind
from personnel.models import APPOINTED_BODIES, AppointedMember, Appointment
from tests.factories import MemberFactory, OrganizationFactory, UserFactory, make_congress

pytestmark = pytest.mark.django_db

DECIDED = datetime.date(2025, 7, 1)

# The personnel page's appointment form, filled in for a first committee; the tests change
# what they are about with `VALID_APPOINTMENT | {...}`.
VALID_APPOINTMENT = {
    "form": "appointment",
    "appointment-kind": "committee",
    "appointment-decision_number": "15-QĐ/TU",
    "appointment-decision_date": "01/07/2025",
    "appointment-decided_by": "Ban Thường vụ Thành ủy",
    "appointment-people": "Nguyễn Thị Mai; nữ; 02/03/1980",
    "appointment-version-committee": "0",
}


@pytest.fixture
def term_2025(db):
    return Term.objects.get(name="2025–2030")


@pytest.fixture
def two_content(tree, term_2025):
    congress = make_congress(tree["xuan_la"], term=term_2025)
    congress.content = CongressContent.TWO
    congress.save(update_fields=["content"])
    return congress


def people(count, women=0):
    return [
        {
            "full_name": f"Người được chỉ định {number:02d}",
            "gender": "female" if number < women else "male",
            "birth_date": datetime.date(1975, 1, 1),
        }
        for number in range(count)
    ]


def appoint(congress, kind=BallotKind.COMMITTEE, count=3, women=1, expected_version=0):
    return services.record_appointment(
        congress=congress, actor=None, kind=kind, decision_number="12-QĐ/TU",
        decision_date=DECIDED, decided_by="Ban Thường vụ Thành ủy", people=people(count, women),
        expected_version=expected_version,
    )  # fmt: skip


def test_appointment_records_decision_people_and_audit(two_content):
    appointment = appoint(two_content)

    assert (appointment.decision_number, appointment.decision_date) == ("12-QĐ/TU", DECIDED)
    assert appointment.people.count() == 3
    assert set(appointment.people.values_list("org_path", flat=True)) == {two_content.org_path}
    assert AuditEvent.objects.filter(action="personnel.appointment_created").count() == 1
    [body] = selectors.appointed_bodies(two_content)
    assert (len(body["people"]), body["women"]) == (3, 1)


def test_a_four_content_congress_is_refused_citing_r_wv_13(tree, term_2025):
    congress = make_congress(tree["tay_ho"], term=term_2025)

    with pytest.raises(ValidationError) as error:
        appoint(congress)

    assert "R-WV-13" in error.value.messages[0]
    assert not Appointment.objects.exists()


def test_replacing_an_appointment_is_compare_and_set(two_content):
    first = appoint(two_content)
    appoint(two_content, count=5, expected_version=first.version)

    with pytest.raises(StaleEditError):
        appoint(two_content, count=2, expected_version=first.version)

    assert Appointment.objects.get().version == first.version + 1
    assert AppointedMember.objects.count() == 5


def test_an_appointed_body_refuses_election_rounds(two_content):
    appoint(two_content)
    ballot = services.add_ballot(
        congress=two_content, actor=None, kind=BallotKind.COMMITTEE, seats=3
    )

    with pytest.raises(ValidationError) as error:
        services.record_round(
            ballot=ballot, actor=None, convened=10, ballots_issued=10, ballots_returned=10,
            ballots_valid=10, ballots_invalid=0, votes={}, held_on=DECIDED,
        )  # fmt: skip

    assert "R-WV-13" in error.value.messages[0]
    assert not ballot.rounds.exists()


def test_rollup_counts_appointed_apart_from_elected(tree, two_content, term_2025):
    appoint(two_content, count=4)
    appoint(two_content, kind=BallotKind.SECRETARY, count=1, women=0)

    rows = rollup.appointed_by_level(organization=tree["city"], term=term_2025)
    before = rollup.appointed_by_level(
        organization=tree["city"], term=term_2025, as_of=DECIDED - datetime.timedelta(days=1)
    )

    level = two_content.level
    assert [(row["level"], row["people"], row["congresses"]) for row in rows] == [
        (level, 4, 1),
        (level, 1, 1),
    ]
    assert before == []
    assert rollup.slates_by_level(organization=tree["city"], term=term_2025) == []


def test_the_personnel_page_records_an_appointment_by_member_code_and_by_name(
    client, tree, two_content
):
    cell = OrganizationFactory(code="HN-TH-P07-CB1", parent=tree["xuan_la"])
    member = MemberFactory(organization=cell, code="DV-APPOINTED")
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("personnel:congress-personnel", args=[two_content.pk])

    response = client.post(
        url,
        VALID_APPOINTMENT
        | {"appointment-people": "DV-APPOINTED\nNguyễn Thị Mai; nữ; 02/03/1980\n"},
    )

    assert response.status_code == 302
    names = sorted(AppointedMember.objects.values_list("full_name", "member_id", "gender"))
    assert names == sorted(
        [(member.full_name, member.pk, member.gender), ("Nguyễn Thị Mai", None, "female")]
    )
    page = client.get(url)
    assert page.status_code == 200
    assert "15-QĐ/TU" in page.content.decode()


def test_the_personnel_page_reports_a_bad_line_and_writes_nothing(client, tree, two_content):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("personnel:congress-personnel", args=[two_content.pk])

    response = client.post(
        url, VALID_APPOINTMENT | {"appointment-people": "Nguyễn Văn A; không rõ; 1980"}
    )

    assert response.status_code == 200
    assert response.context["appointment_form"].errors["people"]
    assert not Appointment.objects.exists()


def test_a_viewer_outside_the_scope_cannot_appoint(client, tree, two_content):
    client.force_login(UserFactory(scope=tree["long_bien"], role="staff"))

    response = client.post(
        reverse("personnel:congress-personnel", args=[two_content.pk]), VALID_APPOINTMENT
    )

    assert response.status_code == 404
    assert not Appointment.objects.exists()


def test_the_personnel_page_of_a_two_content_congress_has_constant_queries(
    client, tree, two_content
):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("personnel:congress-personnel", args=[two_content.pk])
    appoint(two_content)
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    appoint(two_content, kind=BallotKind.SECRETARY, count=1)
    appoint(two_content, kind=BallotKind.STANDING_COMMITTEE, count=2)
    with CaptureQueriesContext(connection) as second:
        client.get(url)

    assert len(second) == len(first)


def test_the_appointment_form_survives_hostile_values(client, tree, two_content):
    """The fuzzing of tests/test_fuzz_forms.py for the appointment form (a second form of the
    personnel page, whose matrix payload is the election's): each field in turn with each
    hostile value; never a 5xx, and a refused submission writes nothing."""
    from tests.test_fuzz_forms import HOSTILE

    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("personnel:congress-personnel", args=[two_content.pk])
    fields = [key for key in VALID_APPOINTMENT if key != "form"]
    for key in fields:
        for value in HOSTILE:
            before = (Appointment.objects.count(), AppointedMember.objects.count())
            response = client.post(url, VALID_APPOINTMENT | {key: value})
            assert response.status_code < 500, (key, value)
            if response.status_code == 200:
                assert (
                    Appointment.objects.count(),
                    AppointedMember.objects.count(),
                ) == before, (key, value)
            Appointment.objects.all().delete()


def test_a_four_content_congress_shows_no_appointment_form(client, tree, term_2025):
    congress = make_congress(tree["tay_ho"], term=term_2025)
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))

    response = client.get(reverse("personnel:congress-personnel", args=[congress.pk]))

    assert response.context["appointment_form"] is None
    assert 'value="appointment"' not in response.content.decode()


def test_the_personnel_page_replaces_an_appointment_it_shows(client, tree, two_content):
    """The page sends back the version of the appointment it showed, so a second recording of
    the same body (a corrected decision) replaces it instead of being refused as stale."""
    appoint(two_content)
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("personnel:congress-personnel", args=[two_content.pk])
    page = client.get(url).content.decode()
    assert 'name="appointment-version-committee" value="1"' in page
    data = VALID_APPOINTMENT | {
        "appointment-decision_number": "16-QĐ/TU",
        "appointment-decision_date": "02/07/2025",
        "appointment-version-committee": "1",
    }

    assert client.post(url, data).status_code == 302
    appointment = Appointment.objects.get(congress=two_content, kind=BallotKind.COMMITTEE)
    assert (appointment.decision_number, appointment.version) == ("16-QĐ/TU", 2)
    assert list(appointment.people.values_list("full_name", flat=True)) == ["Nguyễn Thị Mai"]
    # The same page sent again is stale: nothing changes.
    assert client.post(url, data).status_code == 200
    appointment.refresh_from_db()
    assert appointment.version == 2


def test_each_body_is_replaced_at_the_version_the_page_showed_for_it(client, tree, two_content):
    """Two bodies at different versions: each replacement is compared with the version the
    page showed for its own body, and a page older than one body's change is refused for it."""
    committee = appoint(two_content)
    appoint(two_content, count=2, expected_version=committee.version)
    appoint(two_content, kind=BallotKind.SECRETARY, count=1, women=0)
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("personnel:congress-personnel", args=[two_content.pk])
    page = client.get(url).content.decode()
    shown = dict(re.findall(r'name="appointment-version-(\w+)" value="(\d+)"', page))
    recorded = {
        kind: str(version) for kind, version in Appointment.objects.values_list("kind", "version")
    }
    assert shown == {body.value: recorded.get(body.value, "0") for body in APPOINTED_BODIES}
    assert shown[BallotKind.COMMITTEE] != shown[BallotKind.SECRETARY]
    page_data = VALID_APPOINTMENT | {
        f"appointment-version-{kind}": value for kind, value in shown.items()
    }
    secretary = page_data | {
        "appointment-kind": "secretary",
        "appointment-decision_number": "17-QĐ/TU",
    }

    assert client.post(url, secretary).status_code == 302
    # The secretary's new version does not make the page stale for the committee.
    assert (
        client.post(url, page_data | {"appointment-decision_number": "18-QĐ/TU"}).status_code == 302
    )
    # The page's secretary version is now old: refused, nothing changes.
    refused = client.post(url, secretary | {"appointment-decision_number": "19-QĐ/TU"})

    assert refused.status_code == 200
    assert refused.context["appointment_form"].non_field_errors()
    decisions = dict(Appointment.objects.values_list("kind", "decision_number"))
    assert decisions == {BallotKind.COMMITTEE: "18-QĐ/TU", BallotKind.SECRETARY: "17-QĐ/TU"}
    assert dict(Appointment.objects.values_list("kind", "version")) == {
        kind: int(version) + 1 for kind, version in recorded.items()
    }


def test_an_unreadable_version_asks_for_a_reload_and_writes_nothing(client, tree, two_content):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("personnel:congress-personnel", args=[two_content.pk])

    response = client.post(url, VALID_APPOINTMENT | {"appointment-version-secretary": "-1"})

    assert response.status_code == 200
    assert response.context["appointment_form"].non_field_errors() == [
        "Hãy tải lại trang rồi thử lại."
    ]
    assert "Hãy tải lại trang rồi thử lại." in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_member_gone_by_the_congress_day_cannot_be_appointed_by_code(client, tree, two_content):
    cell = OrganizationFactory(code="HN-TH-P07-CB2", parent=tree["xuan_la"])
    MemberFactory(organization=cell, code="DV-GONE", left_on=datetime.date(2025, 1, 1))
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("personnel:congress-personnel", args=[two_content.pk])

    response = client.post(url, VALID_APPOINTMENT | {"appointment-people": "DV-GONE"})

    assert response.status_code == 200
    assert response.context["appointment_form"].errors
    assert not Appointment.objects.exists()


# --- delegates to the higher congress at a 2-content congress (R-WV-13, the term's pack) -------


@pytest.fixture
def two_content_2020(tree):
    congress = make_congress(tree["xuan_la"], term=Term.objects.get(name="2020–2025"))
    congress.content = CongressContent.TWO
    congress.save(update_fields=["content"])
    return congress


@pytest.mark.parametrize("kind", [BallotKind.DELEGATES, BallotKind.ALTERNATE_DELEGATES])
def test_a_two_content_congress_elects_no_delegates(two_content, kind):
    from django.utils import translation

    from personnel.models import Ballot

    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.add_ballot(congress=two_content, actor=None, kind=kind, seats=3)

    assert error.value.messages == [
        "A 2-content congress does not elect delegates to the higher congress: the higher "
        "committee appoints them; record its decision among the appointed bodies (R-WV-13, "
        "Directive 45-CT/TW)."
    ]
    assert not Ballot.objects.filter(congress=two_content).exists()
    assert not AuditEvent.objects.filter(action="personnel.ballot_created").exists()


def test_the_refusal_is_translated(two_content):
    from django.utils import translation

    with translation.override("vi"), pytest.raises(ValidationError) as error:
        services.add_ballot(congress=two_content, actor=None, kind=BallotKind.DELEGATES, seats=3)

    assert "R-WV-13, Chỉ thị 45-CT/TW" in error.value.messages[0]
    assert "đại biểu" in error.value.messages[0]


def test_the_delegates_of_a_two_content_congress_are_appointed_by_decision(two_content):
    appointment = appoint(two_content, kind=BallotKind.DELEGATES, count=2)

    assert (appointment.kind, appointment.decision_number, appointment.decided_by) == (
        BallotKind.DELEGATES,
        "12-QĐ/TU",
        "Ban Thường vụ Thành ủy",
    )
    assert appointment.people.count() == 2


def test_a_four_content_congress_still_elects_its_delegates(tree, term_2025):
    congress = make_congress(tree["tay_ho"], term=term_2025)

    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.DELEGATES, seats=3)

    assert ballot.kind == BallotKind.DELEGATES


def test_delegates_listed_before_the_congress_became_two_content_are_not_elected(two_content):
    from personnel.models import ElectionRound

    two_content.content = CongressContent.FOUR
    two_content.save(update_fields=["content"])
    ballot = services.add_ballot(
        congress=two_content, actor=None, kind=BallotKind.DELEGATES, seats=1
    )
    candidate = services.add_candidate(
        ballot=ballot, actor=None, full_name="Nguyễn Văn A", gender="male",
        birth_date=datetime.date(1980, 1, 1),
    )  # fmt: skip
    two_content.content = CongressContent.TWO
    two_content.save(update_fields=["content"])

    with pytest.raises(ValidationError) as error:
        services.record_round(
            ballot=ballot, actor=None, convened=10, ballots_issued=10, ballots_returned=10,
            ballots_valid=10, ballots_invalid=0, votes={candidate.pk: 9},
        )  # fmt: skip

    assert "R-WV-13" in error.value.messages[0]
    assert not ElectionRound.objects.filter(ballot=ballot).exists()


def test_in_2020_the_pack_appoints_the_committee_not_the_delegates(two_content_2020):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as error:
        appoint(two_content_2020, kind=BallotKind.DELEGATES)

    assert error.value.messages == [
        "The rules of term 2020–2025 have the committee of a merged or new unit appointed, "
        "not its delegates (R-WV-13, Directive 35-CT/TW)."
    ]
    assert not Appointment.objects.exists()
    assert appoint(two_content_2020, kind=BallotKind.COMMITTEE).people.count() == 3


def test_in_2020_a_two_content_congress_elects_no_delegates_either(two_content_2020):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.add_ballot(
            congress=two_content_2020, actor=None, kind=BallotKind.DELEGATES, seats=2
        )

    assert "do not provide for appointing them" in error.value.messages[0]
    assert "R-WV-13, Directive 35-CT/TW" in error.value.messages[0]


def test_the_pack_decides_whether_delegates_are_appointed(two_content):
    """R-WV-13's `appointed` set to false in the admin: no appointed delegates any more."""
    from congresses.models import TermRule

    rule = TermRule.objects.get(term=two_content.term, rule_id="R-WV-13")
    rule.parameters = {**rule.parameters, "appointed": False}
    rule.save()
    two_content.term = Term.objects.get(pk=two_content.term_id)

    with pytest.raises(ValidationError):
        appoint(two_content, kind=BallotKind.DELEGATES)


def test_the_personnel_page_offers_no_delegate_election_at_a_two_content_congress(
    client, tree, two_content
):
    from personnel.models import Ballot

    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("personnel:congress-personnel", args=[two_content.pk])

    offered = dict(client.get(url).context["ballot_form"].fields["kind"].choices)
    assert BallotKind.COMMITTEE in offered
    assert BallotKind.DELEGATES not in offered
    assert BallotKind.ALTERNATE_DELEGATES not in offered
    # A forged choice is refused under the field (the service cites R-WV-13 behind it).
    response = client.post(url, {"ballot-kind": BallotKind.DELEGATES, "ballot-seats": 3})

    assert response.status_code == 200
    assert response.context["ballot_form"].errors["kind"]
    assert not Ballot.objects.filter(congress=two_content).exists()


def test_the_appointment_form_offers_delegates_only_where_the_pack_appoints_them(
    client, tree, two_content, two_content_2020
):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))

    def offered(congress):
        response = client.get(reverse("personnel:congress-personnel", args=[congress.pk]))
        return dict(response.context["appointment_form"].fields["kind"].choices)

    assert BallotKind.DELEGATES in offered(two_content)  # 2025–2030
    assert BallotKind.DELEGATES not in offered(two_content_2020)
    assert BallotKind.COMMITTEE in offered(two_content_2020)
