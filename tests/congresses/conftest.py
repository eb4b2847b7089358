import pytest

from congresses import services, working_groups
from congresses.models import Term
from tests.factories import OrganizationFactory, UserFactory


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


@pytest.fixture
def xuan_la_group(wave, term):
    """Puts `members` in a working group of Tây Hồ for 2020–2025, assigned Xuân La:
    `xuan_la_group([user], "Tổ công tác số 5")`; the group."""

    def make(members, name):
        return working_groups.save_working_group(
            term=term,
            owner=wave["tree"]["tay_ho"],
            name=name,
            leader_name="",
            members=members,
            organizations=[wave["tree"]["xuan_la"]],
            actor=None,
        )

    return make


@pytest.fixture
def group_member(xuan_la_group):
    """A user with no grant of their own, in working group no. 3 (assigned Xuân La)."""
    user = UserFactory(username="totacong")
    xuan_la_group([user], "Tổ công tác số 3")
    return user
