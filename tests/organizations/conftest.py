import pytest

from tests.factories import OrganizationFactory


@pytest.fixture
def cell(tree):
    """A cell of Xuân La (HN-TH-P07-CB1)."""
    return OrganizationFactory(code="HN-TH-P07-CB1", parent=tree["xuan_la"])
