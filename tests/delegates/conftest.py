import datetime

import pytest

from congresses import services as congress_services
from congresses.models import Term
from tests.factories import MemberFactory, OrganizationFactory, UserFactory


@pytest.fixture
def district(tree):
    """Tây Hồ with three wards below (Xuân La and two more) holding 6, 3 and 1 official members
    admitted before 2019, and one member made official after 01/01/2020."""
    wards = [
        tree["xuan_la"],
        OrganizationFactory(parent=tree["tay_ho"], code="HN-TH-P01", name="Đảng bộ phường Bưởi"),
        OrganizationFactory(
            parent=tree["tay_ho"], code="HN-TH-P02", name="Đảng bộ phường Nhật Tân"
        ),
    ]
    cells = [OrganizationFactory(parent=ward) for ward in wards]
    for cell, count in zip(cells, (6, 3, 1), strict=True):
        for _ in range(count):
            MemberFactory(organization=cell)
    late = MemberFactory(organization=cells[2])
    late.official_on = datetime.date(2020, 3, 1)
    late.save(update_fields=["official_on"])
    return {"tay_ho": tree["tay_ho"], "wards": wards}


@pytest.fixture
def congress(district):
    """Tây Hồ's 2020–2025 congress, a delegate congress."""
    term = Term.objects.get(name="2020–2025")
    congress_services.create_term_plan(term=term, root=district["tay_ho"], actor=None)
    congress = district["tay_ho"].congresses.get(term=term)
    congress.kind = "delegate"
    congress.save(update_fields=["kind"])
    return congress


@pytest.fixture
def staff(tree):
    return UserFactory(scope=tree["tay_ho"], role="staff")
