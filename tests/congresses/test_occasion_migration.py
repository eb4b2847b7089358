"""Issue 15, item 6: the occasion migration upgrades a database in place — every congress
already there becomes the regular congress of its term, and the one-per-term rule becomes one
per occasion."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from tests.migrating import latest_schema_after, migrate, migration_test  # noqa: F401 (an autouse fixture)

pytestmark = migration_test

BEFORE = [("congresses", "0004_effective_dates")]
AFTER = [("congresses", "0005_congress_occasion")]


def test_existing_congresses_become_regular_and_a_second_occasion_fits():
    old = migrate(BEFORE)
    Organization = old.get_model("organizations", "Organization")
    Kind = old.get_model("organizations", "OrganizationKind")
    Term = old.get_model("congresses", "Term")
    kind, _ = Kind.objects.get_or_create(
        code="chi-bo-co-so", defaults={"name": "Chi bộ cơ sở", "level": 3}
    )
    organization = Organization.objects.create(
        path="0009", depth=1, numchild=0, code="HN-TH-C01", name="Chi bộ Kho bạc", kind=kind
    )
    term, _ = Term.objects.get_or_create(
        name="2020–2025",
        defaults={"starts_on": datetime.date(2020, 1, 1), "ends_on": datetime.date(2025, 12, 31)},
    )
    common = {"term": term, "organization": organization, "org_path": "0009", "level": 3}
    old.get_model("congresses", "Congress").objects.create(
        **common, ordinal=4, kind="all_member", stage="held", ended_on=datetime.date(2020, 3, 5)
    )

    new = migrate(AFTER)
    Congress = new.get_model("congresses", "Congress")
    congress = Congress.objects.get(organization_id=organization.pk)
    migrated_term = new.get_model("congresses", "Term").objects.get(pk=term.pk)
    mid_term = Congress.objects.create(
        term_id=term.pk, organization_id=organization.pk, org_path="0009", level=3, ordinal=5,
        kind="all_member", occasion="mid_term",
    )  # fmt: skip

    assert (congress.occasion, congress.ordinal, congress.stage) == ("regular", 4, "held")
    assert (migrated_term.cell_congresses_per_term, migrated_term.mid_term_allowance_months) == (
        2,
        6,
    )
    assert Congress.objects.filter(organization_id=organization.pk).count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Congress.objects.create(
            term_id=term.pk, organization_id=organization.pk, org_path="0009", level=3,
            ordinal=6, kind="all_member", occasion="mid_term",
        )  # fmt: skip
    mid_term.delete()
