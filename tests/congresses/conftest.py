import pytest

from congresses import services
from congresses.models import Term
from tests.factories import OrganizationFactory


@pytest.fixture
def term(db):
    return Term.objects.get(name="2020–2025")


@pytest.fixture
def wave(tree, term):
    """Tây Hồ with Xuân La (two cells) and a grassroots cell, all planned in 2020–2025."""
    cells = [
        OrganizationFactory(code=f"HN-TH-P07-CB{number}", parent=tree["xuan_la"])
        for number in (1, 2)
    ]
    services.create_term_plan(term=term, root=tree["tay_ho"], actor=None)
    congresses = {
        congress.organization.code: congress
        for congress in tree["tay_ho"].congresses.model.objects.select_related("organization")
    }
    return {"tree": tree, "cells": cells, "congresses": congresses}
