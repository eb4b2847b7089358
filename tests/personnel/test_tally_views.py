"""Issue 17, item 4 on the web: the tally form, the comparison, the log, the minutes' hash."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AuditEvent
from personnel import services
from personnel.choices import BallotKind
from personnel.models import CountingMember, ElectionRound, TallyEntry
from reports.choices import FileFormat, ReportKind
from reports.kinds.congress_dossier import congress_dossier_context
from reports.models import ReportJob
from tests.factories import UserFactory
from tests.personnel.conftest import fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def ballot(congress):
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=2)
    fill(ballot, 3)
    return ballot


@pytest.fixture
def desks(client, congress, tree, django_user_model):
    """Three counting committee members, their accounts linked through the congress's page by
    a staff member; a browser for each."""
    from django.test import Client

    staff = UserFactory(scope=tree["tay_ho"], role="staff")
    client.force_login(staff)
    clients = []
    for number in range(3):
        member = services.add_counting_member(
            congress=congress, actor=None, full_name=f"Kiểm phiếu {number}"
        )
        user = UserFactory(scope=tree["tay_ho"], role="staff")
        response = client.post(
            reverse("personnel:congress-personnel", args=[congress.pk]),
            {
                "form": "counting_account",
                "account-counting_member": member.pk,
                "account-username": user.username,
            },
        )
        assert response.status_code == 302
        desk = Client()
        desk.force_login(user)
        clients.append(desk)
    return clients


def payload(ballot, votes):
    data = {
        "convened": 30,
        "excluded_absent_with_reason": 0,
        "excluded_suspended": 0,
        "excluded_other": 0,
        "ballots_issued": 28,
        "ballots_returned": 28,
        "ballots_valid": 27,
        "ballots_invalid": 1,
        "number": 1,
        "base_note": "Theo danh sách triệu tập",
    }
    candidates = ballot.candidates.order_by("full_name", "pk")
    return data | {f"votes_{c.pk}": v for c, v in zip(candidates, votes, strict=True)}


def test_accounts_are_linked_and_audited(congress, desks):
    assert CountingMember.objects.filter(congress=congress, account__isnull=False).count() == 3
    assert AuditEvent.objects.filter(action="personnel.counting_account_set").count() == 3


def test_two_counters_by_web_the_second_sees_no_figures_first(ballot, desks):
    url = reverse("personnel:tally-entry", args=[ballot.pk])
    response = desks[0].post(url, payload(ballot, [23, 14, 11]))
    assert response.status_code == 302
    assert response["Location"] == reverse("personnel:tally-status", args=[ballot.pk])

    page = desks[1].get(url)
    status = desks[1].get(reverse("personnel:tally-status", args=[ballot.pk]))
    log = desks[1].get(reverse("personnel:count-log", args=[ballot.congress_id]))
    first = TallyEntry.objects.get()
    assert page.status_code == status.status_code == log.status_code == 200
    assert "Kiểm phiếu 0" in page.content.decode()
    assert status.context["rounds"][0]["rows"] == []
    assert first.payload not in log.content.decode()
    assert log.context["entries"][0].shown is False

    response = desks[1].post(url, payload(ballot, [23, 14, 11]))

    election_round = ElectionRound.objects.get(ballot=ballot, number=1)
    assert response["Location"] == reverse("personnel:round-minutes", args=[election_round.pk])
    minutes = desks[1].get(response["Location"]).content.decode()
    head = TallyEntry.objects.order_by("-sequence").first().hash
    assert head in minutes
    first_name = ballot.candidates.order_by("full_name", "pk").first()
    assert election_round.elected == [first_name.pk]  # D = 30: 16 votes elect; 14 do not


def test_a_difference_is_shown_field_by_field(ballot, desks):
    url = reverse("personnel:tally-entry", args=[ballot.pk])
    desks[0].post(url, payload(ballot, [23, 19, 11]))
    desks[1].post(url, payload(ballot, [23, 18, 11]))

    status = desks[2].get(reverse("personnel:tally-status", args=[ballot.pk]))

    rows = status.context["rounds"][0]["rows"]
    second = ballot.candidates.order_by("full_name", "pk")[1]
    assert [row["label"] for row in rows if row["differs"]] == [second.full_name]
    assert "table-warning" in status.content.decode()
    assert not ElectionRound.objects.exists()
    log = desks[2].get(reverse("personnel:count-log", args=[ballot.congress_id]))
    assert f"{second.full_name}: 18" in log.content.decode()  # both entries in: figures shown
    assert f"{second.full_name}: 19" in log.content.decode()

    desks[2].post(url, payload(ballot, [23, 18, 11]))
    assert ElectionRound.objects.get().votes.get(candidate=second).votes == 18


def test_an_outsider_is_refused_with_a_message_and_nothing_is_written(ballot, tree, client):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("personnel:tally-entry", args=[ballot.pk])

    response = client.post(url, payload(ballot, [23, 19, 11]))

    assert response.status_code == 200
    assert "ban kiểm phiếu" in str(response.context["form"].non_field_errors())
    assert not TallyEntry.objects.exists()


def test_a_tally_that_does_not_add_up_keeps_the_input(ballot, desks):
    url = reverse("personnel:tally-entry", args=[ballot.pk])
    data = payload(ballot, [23, 19, 11]) | {"ballots_invalid": 3}

    response = desks[0].post(url, data)

    assert response.status_code == 200
    assert response.context["form"].errors["ballots_valid"]
    assert response.context["form"]["ballots_invalid"].value() == "3"
    assert not TallyEntry.objects.exists()


def test_the_dossier_prints_the_final_hash(ballot, desks, congress):
    url = reverse("personnel:tally-entry", args=[ballot.pk])
    for desk in desks[:2]:
        desk.post(url, payload(ballot, [23, 19, 11]))
    job = ReportJob(
        kind=ReportKind.CONGRESS_DOSSIER,
        organization=congress.organization,
        parameters={"congress": congress.pk},
        language="en",
        file_format=FileFormat.PDF,
        created_at=timezone.now(),
    )

    with translation.override("en"):
        sections = congress_dossier_context(job)["sections"]

    log = [section for section in sections if section.heading == "Count log"]
    head = TallyEntry.objects.order_by("-sequence").first().hash
    assert len(log) == 1
    assert head in log[0].paragraphs[0]


def test_an_account_that_cannot_write_there_is_refused_on_the_page(client, congress, tree):
    member = services.add_counting_member(congress=congress, actor=None, full_name="Kiểm phiếu")
    elsewhere = UserFactory(scope=tree["long_bien"], role="staff")
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))

    response = client.post(
        reverse("personnel:congress-personnel", args=[congress.pk]),
        {
            "form": "counting_account",
            "account-counting_member": member.pk,
            "account-username": elsewhere.username,
        },
    )

    assert response.status_code == 200
    assert response.context["account_form"].errors["username"]
    assert response.context["account_form"]["username"].value() == elsewhere.username
    member.refresh_from_db()
    assert member.account is None
    assert not AuditEvent.objects.filter(action="personnel.counting_account_set").exists()
