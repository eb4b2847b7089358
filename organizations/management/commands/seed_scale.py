"""A synthetic city at real scale, for benchmarks: `manage.py seed_scale`.

The tree is written with bulk inserts and materialized paths computed here exactly as
django-treebeard's MP_Node computes them (steplen 4, alphabet 0-9A-Z, a child's step is its
1-based position in base 36), so treebeard, `check_tree` and the subtree ranges all see an
ordinary tree. Calling treebeard's add_child per node would take minutes at city scale.
"""

import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from organizations import synthetic
from organizations.models import Member, Organization, OrganizationKind
from organizations.services import organization_search_key

BATCH_SIZE = 5000
# Ages and dates are taken at a fixed day, so that a seed gives the same rows on any day.
REFERENCE_DAY = datetime.date(2025, 6, 30)


def base36_step(position, steplen, alphabet):
    """The path step of the `position`-th child (1-based), as treebeard writes it."""
    if not 0 < position < len(alphabet) ** steplen:
        raise CommandError(f"Position {position} does not fit in a path step of {steplen}.")
    digits = ""
    while position:
        position, digit = divmod(position, len(alphabet))
        digits = alphabet[digit] + digits
    return digits.rjust(steplen, alphabet[0])


def step_value(step, alphabet):
    value = 0
    for char in step:
        value = value * len(alphabet) + alphabet.index(char)
    return value


def spread(total, buckets):
    """`total` items over `buckets` as evenly as possible: the first ones get one more."""
    size, extra = divmod(total, buckets)
    return [size + (1 if index < extra else 0) for index in range(buckets)]


class Command(BaseCommand):
    help = (
        "Build a synthetic city (districts, grassroots organizations, cells, members) under a "
        "new root with bulk inserts, for benchmarks at scale. Deterministic for a given --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--districts", type=int, default=30)
        parser.add_argument("--grassroots", type=int, default=2500)
        parser.add_argument("--cells", type=int, default=25000)
        parser.add_argument("--members", type=int, default=450000)
        parser.add_argument("--root-code", default="SCALE")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        districts = options["districts"]
        grassroots = options["grassroots"]
        cells = options["cells"]
        members = options["members"]
        root_code = options["root_code"].strip()
        if not root_code or len(root_code) > 20:
            raise CommandError("The root code must have 1 to 20 characters.")
        if not 0 < districts <= grassroots <= cells:
            raise CommandError("Need 0 < districts <= grassroots <= cells.")
        if members < 0:
            raise CommandError("The member count cannot be negative.")
        if Organization.objects.filter(code=root_code).exists():
            raise CommandError(f"An organization with code {root_code} already exists.")
        kinds = {
            kind.code: kind
            for kind in OrganizationKind.objects.filter(
                code__in=["dang-bo-tinh", "dang-bo-huyen", "dang-bo-co-so", "chi-bo-truc-thuoc"]
            )
        }
        if len(kinds) != 4:
            raise CommandError("The organization kinds are missing: run migrate first.")

        started = time.perf_counter()
        rng = random.Random(options["seed"])
        with transaction.atomic():
            organization_rows, cell_ids = self._create_tree(
                root_code, kinds, districts, grassroots, cells
            )
            tree_seconds = time.perf_counter() - started
            self.stdout.write(
                f"{organization_rows} organizations in {tree_seconds:.1f} s "
                f"({organization_rows / max(tree_seconds, 1e-9):,.0f} rows/s)"
            )
            member_started = time.perf_counter()
            self._create_members(rng, root_code, cell_ids, members)
            member_seconds = time.perf_counter() - member_started
            self.stdout.write(
                f"{members} members in {member_seconds:.1f} s "
                f"({members / max(member_seconds, 1e-9):,.0f} rows/s)"
            )
        analyze_started = time.perf_counter()
        if connection.vendor == "postgresql":
            # What autovacuum would do shortly: planner statistics and the visibility map
            # (index-only scans), so that the benchmarks measure the steady state. VACUUM
            # cannot run inside a transaction (a caller's, e.g. a test's): ANALYZE only then.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            with connection.cursor() as cursor:
                for model in (Organization, Member):
                    cursor.execute(f'{command} "{model._meta.db_table}"')
            self.stdout.write(f"{command} in {time.perf_counter() - analyze_started:.1f} s")
        elapsed = time.perf_counter() - started
        rows = organization_rows + members
        self.stdout.write(
            f"Seeded {root_code}: {rows} rows in {elapsed:.1f} s ({rows / elapsed:,.0f} rows/s)."
        )

    def _create_tree(self, root_code, kinds, districts, grassroots, cells):
        """Insert root, districts, grassroots and cells; return (row count, [(id, path)])."""
        steplen, alphabet = Organization.steplen, Organization.alphabet
        last_root = Organization.objects.get_last_root_node()
        root_position = step_value(last_root.path, alphabet) + 1 if last_root else 1
        root_path = base36_step(root_position, steplen, alphabet)
        grassroots_per_district = spread(grassroots, districts)
        cells_per_grassroots = spread(cells, grassroots)

        def organization(code, name, kind, path, numchild):
            return Organization(
                path=path,
                depth=len(path) // steplen,
                numchild=numchild,
                code=code,
                name=name,
                kind=kinds[kind],
                search_key=organization_search_key(name, code),
            )

        rows = [
            organization(
                root_code,
                f"Đảng bộ thành phố thử tải {root_code}",
                "dang-bo-tinh",
                root_path,
                districts,
            )
        ]
        grassroots_number = 0
        for district_index, grassroots_count in enumerate(grassroots_per_district, start=1):
            district_code = f"{root_code}-Q{district_index:02d}"
            district_path = root_path + base36_step(district_index, steplen, alphabet)
            rows.append(
                organization(
                    district_code,
                    f"Đảng bộ quận {district_index}",
                    "dang-bo-huyen",
                    district_path,
                    grassroots_count,
                )
            )
            for grassroots_index in range(1, grassroots_count + 1):
                cell_count = cells_per_grassroots[grassroots_number]
                grassroots_number += 1
                grassroots_code = f"{district_code}-P{grassroots_index:03d}"
                grassroots_path = district_path + base36_step(grassroots_index, steplen, alphabet)
                rows.append(
                    organization(
                        grassroots_code,
                        f"Đảng bộ phường {grassroots_index}, quận {district_index}",
                        "dang-bo-co-so",
                        grassroots_path,
                        cell_count,
                    )
                )
                for cell_index in range(1, cell_count + 1):
                    rows.append(
                        organization(
                            f"{grassroots_code}-C{cell_index:02d}",
                            f"Chi bộ khu phố {cell_index}, phường {grassroots_index}, "
                            f"quận {district_index}",
                            "chi-bo-truc-thuoc",
                            grassroots_path + base36_step(cell_index, steplen, alphabet),
                            0,
                        )
                    )
        Organization.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        # Read the ids back rather than rely on bulk_create returning them on every backend.
        cell_ids = list(
            Organization.objects.in_subtree(root_path)
            .filter(kind=kinds["chi-bo-truc-thuoc"])
            .values_list("id", "path")
        )
        return len(rows), cell_ids

    def _create_members(self, rng, root_code, cell_ids, total):
        generate = synthetic.MemberGenerator(rng, reference_day=REFERENCE_DAY)
        batch = []
        number = 0
        for (cell_id, cell_path), count in zip(cell_ids, spread(total, len(cell_ids)), strict=True):
            for _ in range(count):
                number += 1
                batch.append(
                    generate(
                        code=f"{root_code}-M{number:07d}", cell_id=cell_id, cell_path=cell_path
                    )
                )
                if len(batch) == BATCH_SIZE:
                    Member.objects.bulk_create(batch)
                    batch = []
                    if number % 50000 == 0:
                        self.stdout.write(f"  {number} members")
        if batch:
            Member.objects.bulk_create(batch)
