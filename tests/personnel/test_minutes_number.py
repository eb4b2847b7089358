"""The number of a recorded round's minutes (R-EL-06), added or corrected afterwards: scoped
like entering the round, audited, a stale page refused, and printed in the dossier's PDF."""

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from personnel import services
from personnel.choices import BallotKind
from personnel.models import ElectionRound
from reports import services as report_services
from reports.choices import FileFormat, ReportKind
from reports.models import ReportJob
from tests.factories import UserFactory
from tests.pdf import pdf_text
from tests.personnel.conftest import decided, fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def election_round(congress):
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=9)
    (candidate,) = fill(ballot, 1)
    decided(ballot)
    return services.record_round(
        ballot=ballot, actor=None, convened=10, ballots_issued=10, ballots_returned=10,
        ballots_valid=10, ballots_invalid=0, votes={candidate.pk: 9},
    )  # fmt: skip


def _url(election_round):
    return reverse("personnel:round-minutes-number", args=[election_round.pk])


def _dossier_text(congress):
    job = ReportJob(
        kind=ReportKind.CONGRESS_DOSSIER,
        organization=congress.organization,
        parameters={"congress": congress.pk},
        language="vi",
        file_format=FileFormat.PDF,
        created_at=timezone.now(),
    )
    return " ".join(pdf_text(report_services.build_pdf(job)).split())


def test_a_recorded_round_gets_its_minutes_number_and_the_dossier_prints_it(
    client, tree, congress, election_round
):
    assert election_round.minutes_number == ""
    # None recorded yet: a blank to fill in by hand on the signed copy.
    assert "Biên bản số …………." in _dossier_text(congress)
    staff = UserFactory(scope=tree["tay_ho"], role="staff")
    client.force_login(staff)
    page = client.get(reverse("personnel:round-minutes", args=[election_round.pk]))
    assert 'id="minutes-number-form"' in page.content.decode()

    response = client.post(_url(election_round), {"minutes_number": " 05-BB/BKP ", "version": 1})

    assert response.status_code == 302
    election_round.refresh_from_db()
    assert (election_round.minutes_number, election_round.version) == ("05-BB/BKP", 2)
    event = AuditEvent.objects.get(action="personnel.round_minutes_number_set")
    assert event.data == {
        "before": {"minutes_number": ""},
        "after": {"minutes_number": "05-BB/BKP"},
    }
    assert event.actor == staff
    # Before this page, a round entered without its number could never print one.
    assert "Biên bản số 05-BB/BKP." in _dossier_text(congress)


def test_a_correction_from_a_stale_page_is_refused_and_changes_nothing(
    client, tree, election_round
):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    client.post(_url(election_round), {"minutes_number": "05-BB/BKP", "version": 1})

    # A second page, loaded before that save, still sends version 1.
    response = client.post(_url(election_round), {"minutes_number": "06-BB/BKP", "version": 1})

    assert response.status_code == 200
    assert "Có người khác vừa sửa số biên bản này" in response.content.decode()
    election_round.refresh_from_db()
    assert (election_round.minutes_number, election_round.version) == ("05-BB/BKP", 2)
    assert AuditEvent.objects.filter(action="personnel.round_minutes_number_set").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"minutes_number": "x" * 61, "version": 1}, "tối đa 60"),
        ({"minutes_number": "05-BB/BKP"}, "Trang đã cũ"),
        ({"minutes_number": "05-BB/BKP", "version": "abc"}, "Trang đã cũ"),
    ],
)
def test_bad_input_gets_a_translated_error_and_changes_nothing(
    client, tree, election_round, data, message
):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))

    response = client.post(_url(election_round), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert ElectionRound.objects.get(pk=election_round.pk).minutes_number == ""
    assert not AuditEvent.objects.filter(action="personnel.round_minutes_number_set").exists()


def test_readers_see_no_form_and_cannot_post(client, tree, election_round):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))

    page = client.get(reverse("personnel:round-minutes", args=[election_round.pk]))
    response = client.post(_url(election_round), {"minutes_number": "05", "version": 1})

    assert 'id="minutes-number-form"' not in page.content.decode()
    assert response.status_code == 403
    assert ElectionRound.objects.get(pk=election_round.pk).minutes_number == ""


def test_the_same_number_again_writes_nothing(election_round):
    services.set_minutes_number(
        election_round=election_round, minutes_number="", expected_version=1, actor=None
    )

    assert ElectionRound.objects.get(pk=election_round.pk).version == 1
    assert not AuditEvent.objects.filter(action="personnel.round_minutes_number_set").exists()
