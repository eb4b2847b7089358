"""Delegates (issue 16): the allocation of a city congress's delegates over its districts, and
the credentials report of a long roll, in server time and queries.

    DATABASE_URL=... .venv/bin/python bench/delegates.py [--districts 30] [--seats 450]
        [--roll 550] [--repeat 20] [--enforce-targets]

Builds (if missing) a synthetic city BENCH-DG: `--districts` district organizations, each with
one grassroots organization and a cell holding between 40 and 400 official members (so the
allocation has real remainders), and one ward with a member congress convening `--roll`
members. Then, `--repeat` times each: the delegate plan of the city's congress created and its
allocation proposed (`services.create_plan`, the work behind the plan page's "create"), and the
credentials report's figures (`credentials.credentials_figures`) plus the page that shows them
through the test client. Prints p50/p95 and the query count of each; exits non-zero when a
count changes between runs, and with --enforce-targets when a p95 is over 200 ms (the issue's
budget). Uses a database of its own: never the development or the test database.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_admin.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from congresses import services as congress_services  # noqa: E402
from congresses.models import Congress, Term  # noqa: E402
from delegates import credentials, services  # noqa: E402
from delegates.models import DelegatePlan  # noqa: E402
from organizations import services as organization_services  # noqa: E402
from organizations.models import Member, Organization, OrganizationKind, RoleGrant  # noqa: E402
from organizations.synthetic import MemberGenerator  # noqa: E402

TERM = "2025–2030"
ROOT = "BENCH-DG"
TARGET_MS = 200


def out(text):
    sys.stdout.write(f"{text}\n")


def _kind(code):
    return OrganizationKind.objects.get(code=code)


def _members(cell, count, generator, prefix):
    rows = [
        generator(code=f"{prefix}-{number:05d}", cell_id=cell.pk, cell_path=cell.path)
        for number in range(count)
    ]
    for member in rows:
        if member.official_on is None:  # every member official: the allocation counts them
            member.admitted_on = member.admitted_on.replace(year=member.admitted_on.year - 2)
            member.official_on = member.admitted_on.replace(year=member.admitted_on.year + 1)
    Member.objects.bulk_create(rows, batch_size=1000)


def _district(root, number, members, generator):
    # The district kind ended on 30/6/2025 (R-OR-05): the bench's districts are checked then.
    district_kind = _kind("dang-bo-huyen")
    district = organization_services.create_organization(
        code=f"{ROOT}-D{number:02d}", name=f"Đảng bộ quận thử {number}",
        kind=district_kind, parent=root, as_of=district_kind.valid_until,
    )  # fmt: skip
    grassroots = organization_services.create_organization(
        code=f"{ROOT}-D{number:02d}-P", name=f"Đảng bộ phường thử {number}",
        kind=_kind("dang-bo-co-so"), parent=district,
    )  # fmt: skip
    cell = organization_services.create_organization(
        code=f"{ROOT}-D{number:02d}-P-C", name="Chi bộ 1",
        kind=_kind("chi-bo-truc-thuoc"), parent=grassroots,
    )  # fmt: skip
    _members(cell, members, generator, f"{ROOT}-D{number:02d}")
    return grassroots


@transaction.atomic
def build(districts, roll):
    """The city, its districts and the roll's ward; the city's and the ward's congresses."""
    root = Organization.objects.filter(code=ROOT).first()
    term = Term.objects.get(name=TERM)
    if root is None:
        rng = random.Random(16)
        generator = MemberGenerator(rng, reference_day=timezone.localdate())
        root = organization_services.create_organization(
            code=ROOT, name="Đảng bộ thành phố thử", kind=_kind("dang-bo-tinh")
        )
        wards = [
            _district(root, number, rng.randint(40, 400), generator)
            for number in range(1, districts + 1)
        ]
        ward = wards[0]
        cell = Organization.objects.get(code=f"{ROOT}-D01-P-C")
        Member.objects.filter(organization=cell).delete()
        _members(cell, roll, generator, f"{ROOT}-R")
        congress_services.create_term_plan(term=term, root=root, actor=None)
        Congress.objects.filter(organization=root, term=term).update(kind="delegate")
        Congress.objects.filter(organization=ward, term=term).update(
            kind="all_member", started_on=timezone.localdate()
        )
    city = (
        Congress.objects.regular()
        .select_related("organization", "term")
        .get(organization=root, term=term)
    )
    ward = (
        Congress.objects.regular()
        .select_related("organization", "term")
        .get(organization__code=f"{ROOT}-D01-P", term=term)
    )
    return city, ward


def timed(function, repeat):
    """(p50 ms, p95 ms, queries of each run) of `function` run `repeat` times, after one run
    that warms the caches (a first run reads the level rules and content types once)."""
    function()
    times, counts = [], set()
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            function()
            times.append((time.perf_counter() - start) * 1000)
        counts.add(len(queries))
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, counts


def allocation_run(city, seats):
    def run():
        with transaction.atomic():
            DelegatePlan.objects.filter(congress=city).delete()
            plan = services.create_plan(congress=city, actor=None, total=seats)
            assert sum(quota.seats for quota in plan.quotas.all()) == seats

    return run


def credentials_page(ward):
    user, _created = get_user_model().objects.get_or_create(username="bench-delegates")
    RoleGrant.objects.get_or_create(user=user, organization=ward.organization, role="leader")
    client = Client()
    client.force_login(user)
    url = reverse("delegates:credentials", args=[ward.pk])

    def run():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    return run


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--districts", type=int, default=30)
    parser.add_argument("--seats", type=int, default=450)
    parser.add_argument("--roll", type=int, default=550)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--enforce-targets", action="store_true")
    options = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    city, ward = build(options.districts, options.roll)
    convened = credentials.credentials_figures(ward)["convened"]
    out(f"{options.districts} districts, {options.seats} seats; a roll of {convened} members")
    results = {
        "allocation (create_plan)": timed(allocation_run(city, options.seats), options.repeat),
        "credentials figures": timed(lambda: credentials.credentials_figures(ward), options.repeat),
        "credentials page": timed(credentials_page(ward), options.repeat),
    }
    failed = convened != options.roll
    for name, (p50, p95, counts) in results.items():
        out(f"{name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, queries {sorted(counts)}")
        failed |= len(counts) != 1
        failed |= options.enforce_targets and p95 > TARGET_MS
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
