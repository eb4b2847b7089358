"""The check-in desk and the live attendance panel."""

import pytest
from django.urls import reverse

from congress_day.models import CheckInEvent
from congress_day.tokens import token_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def test_the_desk_checks_a_delegate_in_and_answers_at_once(client, congress, cards, staff):
    client.force_login(staff)
    url = reverse("congress_day:check-in", args=[congress.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "camera=(self)" in page["Permissions-Policy"]
    assert 'hx-post="' + url + '"' in page.content.decode()
    response = client.post(url, {"entry": token_for(cards[0]), "device": "desk-a"}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert cards[0].member.full_name in body
    assert 'id="checkin-result"' in body
    assert CheckInEvent.objects.get().device == "desk-a"
    again = client.post(url, {"entry": "1"}, headers=HTMX).content.decode()
    assert "alert-warning" in again
    assert CheckInEvent.objects.count() == 1


def test_a_refusal_is_shown_and_writes_nothing(client, congress, cards, staff):
    client.force_login(staff)
    url = reverse("congress_day:check-in", args=[congress.pk])
    body = client.post(url, {"entry": "forged:token"}, headers=HTMX).content.decode()
    assert "alert-danger" in body
    assert not CheckInEvent.objects.exists()
    # Without htmx the page comes back with the input kept.
    page = client.post(url, {"entry": "4242"}).content.decode()
    assert 'value="4242"' in page
    assert not CheckInEvent.objects.exists()


def test_the_desk_works_without_javascript(client, congress, cards, staff):
    client.force_login(staff)
    url = reverse("congress_day:check-in", args=[congress.pk])
    page = client.post(url, {"entry": "3"}).content.decode()
    assert 'id="checkin-result"' in page
    assert cards[2].member.full_name in page
    assert 'name="entry" value=' not in page  # the field is empty for the next card
    leave = reverse("congress_day:check-out", args=[congress.pk])
    assert f'action="{leave}"' in page
    response = client.post(leave, {"card": cards[2].pk}, follow=True)
    assert cards[2].member.full_name in response.content.decode()
    assert list(CheckInEvent.objects.values_list("movement", flat=True)) == ["arrive", "leave"]
    response = client.post(leave, {"card": cards[2].pk}, follow=True)
    assert "alert-danger" in response.content.decode()
    assert CheckInEvent.objects.count() == 2


def test_leaving_from_the_answer(client, congress, cards, staff):
    client.force_login(staff)
    client.post(reverse("congress_day:check-in", args=[congress.pk]), {"entry": "2"}, headers=HTMX)
    url = reverse("congress_day:check-out", args=[congress.pk])
    response = client.post(url, {"card": cards[1].pk, "device": "desk-b"}, headers=HTMX)
    assert response.status_code == 200
    assert list(CheckInEvent.objects.values_list("movement", flat=True)) == ["arrive", "leave"]
    refused = client.post(url, {"card": cards[1].pk}, headers=HTMX).content.decode()
    assert "alert-danger" in refused
    assert CheckInEvent.objects.count() == 2


def test_issuing_cards_from_the_desk(client, congress, staff):
    client.force_login(staff)
    page = client.get(reverse("congress_day:check-in", args=[congress.pk])).content.decode()
    assert reverse("congress_day:issue-cards", args=[congress.pk]) in page
    response = client.post(reverse("congress_day:issue-cards", args=[congress.pk]))
    assert response.status_code == 302
    assert congress.delegate_cards.count() == 7


def test_a_reader_sees_the_panel_but_not_the_desk(client, congress, cards, tree):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))
    assert client.get(reverse("congress_day:check-in", args=[congress.pk])).status_code == 403
    response = client.get(reverse("congress_day:attendance", args=[congress.pk]))
    assert response.status_code == 200
    assert 'hx-trigger="every 5s"' in response.content.decode()


def test_the_panel_with_several_desks_at_once(
    congress, cards, two_desks, django_assert_num_queries
):
    url = reverse("congress_day:check-in", args=[congress.pk])
    panel = reverse("congress_day:attendance", args=[congress.pk])
    two_desks[0].get(panel, headers=HTMX)
    # Session, user, grants, congress; the organizations below; the grouped counts.
    with django_assert_num_queries(6):
        two_desks[0].get(panel, headers=HTMX)
    for index, card in enumerate(cards):
        two_desks[index % 2].post(url, {"entry": str(card.number)}, headers=HTMX)
    # Both desks scan the same card: one check-in.
    for desk in two_desks:
        desk.post(url, {"entry": token_for(cards[0])}, headers=HTMX)
    assert CheckInEvent.objects.count() == 7
    with django_assert_num_queries(6):
        body = two_desks[0].get(panel, headers=HTMX).content.decode()
    assert "6/6 đảng viên chính thức có mặt" in body
    assert "Đủ tỷ lệ có mặt" in body
