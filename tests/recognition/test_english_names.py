"""Issue 19, item 7 on the pages: with the interface in English, the recognition pages name the
classification period's regulation and exemplary title by their English names (recognition
0004), in Vietnamese by the Vietnamese ones."""

import html

import pytest
from django.conf import settings
from django.urls import reverse

from recognition.models import Period
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _page(client, tree, language, name, organization, query):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse(name, args=[organization.pk]) + query)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("recognition:overview", "?year=2020"),
        ("recognition:rating-grid", "?year=2020&subject=organizations"),
    ],
)
def test_the_period_is_named_in_the_interface_language(client, tree, name, query):
    period = Period.objects.get(kind="year", year=2020)
    # Both names in the data (recognition 0004).
    assert period.regulation
    assert period.regulation_en
    assert period.exemplary_label
    assert period.exemplary_label_en
    organization = tree["tay_ho"] if name == "recognition:overview" else tree["xuan_la"]
    OrganizationFactory(parent=tree["xuan_la"])  # a grid of organizations, exemplary column

    english = _page(client, tree, "en", name, organization, query)
    assert period.regulation_en in english
    assert period.exemplary_label_en in english
    assert period.regulation not in english  # was the Vietnamese regulation
    assert period.exemplary_label not in english

    vietnamese = _page(client, tree, "vi", name, organization, query)
    assert period.regulation in vietnamese
    assert period.exemplary_label in vietnamese
    assert period.regulation_en not in vietnamese
