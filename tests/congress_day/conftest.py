import datetime

import pytest
from django.utils import translation

from congress_day import services
from congresses import services as congress_services
from congresses.choices import Stage
from congresses.models import Term
from organizations.models import Member
from tests.factories import MemberFactory, OrganizationFactory, UserFactory

DAY = datetime.date(2020, 3, 19)


@pytest.fixture(autouse=True)
def english():
    """Messages of the services in English (the pages answer in Vietnamese)."""
    with translation.override("en"):
        yield


@pytest.fixture
def district(tree):
    """Tây Hồ with two wards below, holding 4 and 2 official members, one probationary member
    in the first."""
    wards = [
        tree["xuan_la"],
        OrganizationFactory(parent=tree["tay_ho"], code="HN-TH-P01", name="Đảng bộ phường Bưởi"),
    ]
    cells = [OrganizationFactory(parent=ward) for ward in wards]
    for cell, count in zip(cells, (4, 2), strict=True):
        for _ in range(count):
            MemberFactory(organization=cell)
    probationary = MemberFactory(organization=cells[0], full_name="Lê Thị Dự Bị")
    probationary.official_on = None
    probationary.save(update_fields=["official_on"])
    return {"tay_ho": tree["tay_ho"], "wards": wards, "cells": cells}


@pytest.fixture
def congress(district):
    """Tây Hồ's 2020–2025 all-member congress, in session since 19/03/2020 (its personnel
    approved, issue 15's guard on votes): 7 members convened."""
    term = Term.objects.get(name="2020–2025")
    congress_services.create_term_plan(term=term, root=district["tay_ho"], actor=None)
    congress = district["tay_ho"].congresses.get(term=term)
    congress.kind = "all_member"
    congress.started_on = DAY
    congress.stage = Stage.PERSONNEL_APPROVED
    congress.save(update_fields=["kind", "started_on", "stage"])
    return congress


@pytest.fixture
def staff(tree):
    return UserFactory(scope=tree["tay_ho"], role="staff")


@pytest.fixture
def cards(congress, staff):
    services.issue_cards(congress=congress, actor=staff)
    return list(congress.delegate_cards.select_related("member").order_by("number"))


@pytest.fixture
def other_congress(tree):
    """Long Biên's congress of the same term, with one member and a card."""
    term = Term.objects.get(name="2020–2025")
    cell = OrganizationFactory(parent=OrganizationFactory(parent=tree["long_bien"]))
    MemberFactory(organization=cell)
    congress_services.create_term_plan(term=term, root=tree["long_bien"], actor=None)
    other = tree["long_bien"].congresses.get(term=term)
    other.kind = "all_member"
    other.started_on = DAY
    other.stage = Stage.PERSONNEL_APPROVED
    other.save(update_fields=["kind", "started_on", "stage"])
    services.issue_cards(congress=other, actor=None)
    assert Member.objects.in_subtree(tree["long_bien"]).count() == 1
    return other
