import pytest
from django.db import connection

from organizations.models import Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_in_subtree_holds_the_node_and_its_descendants_only():
    city = OrganizationFactory(code="HN")
    tay_ho = OrganizationFactory(code="HN-TH", parent=city)
    OrganizationFactory(code="HN-TH-P01", parent=tay_ho)
    OrganizationFactory(code="HN-TH-P01-CB1", parent=Organization.objects.get(code="HN-TH-P01"))
    OrganizationFactory(code="HN-LB", parent=city)
    OrganizationFactory(code="HCM")

    codes = list(Organization.objects.in_subtree(tay_ho).values_list("code", flat=True))

    assert codes == ["HN-TH", "HN-TH-P01", "HN-TH-P01-CB1"]


def test_cell_under_cell_is_refused():
    from django.core.exceptions import ValidationError

    from tests.factories import kind

    ward = OrganizationFactory(parent=OrganizationFactory(parent=OrganizationFactory()))
    cell = OrganizationFactory(parent=ward)

    with pytest.raises(ValidationError) as error:
        OrganizationFactory(parent=cell, kind=kind("chi-bo-truc-thuoc"))

    assert error.value.message_dict == {
        "kind": ["Chi bộ trực thuộc không thể trực thuộc Chi bộ trực thuộc."]
    }
    assert Organization.objects.count() == 4


@pytest.mark.skipif(connection.vendor != "postgresql", reason="collations are PostgreSQL's")
def test_path_column_sorts_bytewise_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT collation_name FROM information_schema.columns "
            "WHERE table_name = 'organizations_organization' AND column_name = 'path'"
        )
        assert cursor.fetchone() == ("C",)
