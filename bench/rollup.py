"""Server time and queries of the results roll-up (R-RP-02, issue 17) over a tree seeded by
`seed_scale`, with synthetic election results for the levels above the cells.

    DATABASE_URL=... .venv/bin/python bench/rollup.py [--root-code NATION] [--repeat 10]

Plans the 2025–2030 term for the whole tree if it is not planned (as bench/dashboard.py), then,
once, writes synthetic results straight into the tables (bulk inserts, no services: this is
benchmark data) for every congress of the first two levels below the root: a committee ballot
(39 seats for a district, 9 for a grassroots organization; about 10 % more candidates, half of
them outgoing members, a quarter women) and a secretary ballot (one in ten elected directly
by the congress, a third of the secretaries not from the locality), each with one round voted
in the wave's window and its vote rows. Then requests the election results page of a district
and of the root in process, as a leader granted each: p50 / p95 over `--repeat` requests and
the queries of one request (the first request apart: for a high organization it counts the
roll-up into the figure cache, the next are served from it), and times `results_rollup`
alone. Leaves the data and two users in the database: use the throwaway benchmark database.
"""

import argparse
import datetime
import os
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
from django.urls import reverse  # noqa: E402

from congresses import services as congress_services  # noqa: E402
from congresses.models import Congress, Term  # noqa: E402
from organizations.models import Organization, RoleGrant  # noqa: E402
from personnel.choices import BallotKind  # noqa: E402
from personnel.models import Ballot, Candidate, ElectionRound, RoundVote  # noqa: E402
from personnel.rollup import results_rollup  # noqa: E402

TERM = "2025–2030"
CHUNK = 2_000  # congresses per transaction of the synthetic results


def out(text):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def planned(term, root):
    if Congress.objects.filter(term=term).exists():
        return
    started = time.perf_counter()
    count = congress_services.create_term_plan(term=term, root=root, actor=None)
    out(f"planned {count:,} congresses in {time.perf_counter() - started:.1f} s")


def _candidates(congress, seats, start, secretary=False):
    extra = 0 if secretary else seats // 10 + 1
    return [
        Candidate(
            congress_id=congress["pk"],
            organization_id=congress["organization_id"],
            org_path=congress["org_path"],
            full_name=f"Ứng cử viên {start + index}",
            gender="female" if (start + index) % 4 == 0 else "male",
            birth_date=datetime.date(1965 + (start + index) % 30, 1 + index % 12, 1),
            ethnicity="Tày" if (start + index) % 12 == 0 else "Kinh",
            is_incumbent=index % 2 == 0,
            is_local=(None, True, False)[(start + index) % 3] if secretary else None,
        )
        for index in range(seats + extra)
    ]


def _round(congress, ballot, held_on, convened):
    return ElectionRound(
        ballot=ballot,
        organization_id=congress["organization_id"],
        org_path=congress["org_path"],
        number=1,
        held_on=held_on,
        convened=convened,
        base=convened,
        ballots_issued=convened,
        ballots_returned=convened,
        ballots_valid=convened,
        ballots_invalid=0,
    )


def _chunk(congresses, district_depth, number):
    """Ballots, candidates, rounds and votes of `congresses` (dicts), bulk inserted."""
    ballots, lists = [], []
    for index, congress in enumerate(congresses):
        district = congress["organization__depth"] == district_depth
        seats = 39 if district else 9
        start = (number + index) * 50
        ballots.append(Ballot(congress_id=congress["pk"], kind=BallotKind.COMMITTEE, seats=seats))
        lists.append((congress, _candidates(congress, seats, start), seats, district))
        direct = (number + index) % 10 == 0
        ballots.append(
            Ballot(congress_id=congress["pk"], kind=BallotKind.SECRETARY, seats=1, direct=direct)
        )
        lists.append((congress, _candidates(congress, 1, start + 45, secretary=True), 1, district))
    Ballot.objects.bulk_create(ballots, batch_size=5_000)
    people = [person for _, listed, _, _ in lists for person in listed]
    Candidate.objects.bulk_create(people, batch_size=5_000)
    links, rounds = [], []
    for ballot, (congress, people, _seats, district) in zip(ballots, lists, strict=True):
        links += [Ballot.candidates.through(ballot=ballot, candidate=c) for c in people]
        held_on = datetime.date(2025, 8, 20) if district else datetime.date(2025, 6, 10)
        rounds.append(_round(congress, ballot, held_on, 300 if district else 60))
    Ballot.candidates.through.objects.bulk_create(links, batch_size=10_000)
    ElectionRound.objects.bulk_create(rounds, batch_size=5_000)
    votes = [
        RoundVote(round=round_, candidate=person, votes=250 - place, is_elected=place < seats)
        for round_, (_congress, people, seats, _district) in zip(rounds, lists, strict=True)
        for place, person in enumerate(people)
    ]
    RoundVote.objects.bulk_create(votes, batch_size=10_000)
    return len(votes)


def seed_results(term, root):
    if Ballot.objects.filter(congress__term=term).exists():
        return
    district_depth = root.depth + 1
    congresses = list(
        Congress.objects.in_subtree(root)
        .filter(term=term, organization__depth__in=(district_depth, district_depth + 1))
        .order_by("org_path")
        .values("pk", "organization_id", "org_path", "organization__depth")
    )
    started = time.perf_counter()
    rows = 0
    for number in range(0, len(congresses), CHUNK):
        with transaction.atomic():
            rows += _chunk(congresses[number : number + CHUNK], district_depth, number)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("personnel_ballot", "personnel_candidate", "personnel_electionround"):
                cursor.execute(f"ANALYZE {table}")
            cursor.execute("ANALYZE personnel_roundvote")
    out(
        f"results of {len(congresses):,} congresses ({rows:,} vote rows) written in "
        f"{time.perf_counter() - started:.1f} s"
    )


def time_page(client, url, repeat):
    """(first request ms, p50 ms, p95 ms, queries of one request): the first request counts
    a high organization's roll-up into the figure cache, the others are served from it."""
    started = time.perf_counter()
    assert client.get(url).status_code == 200
    first = (time.perf_counter() - started) * 1000
    queries = []

    def count(execute, sql, *args):
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        client.get(url)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return first, timings[len(timings) // 2], p95, len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root-code", default="NATION")
    parser.add_argument("--repeat", type=int, default=10)
    arguments = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver"]
    term = Term.objects.get(name=TERM)
    root = Organization.objects.get(code=arguments.root_code)
    planned(term, root)
    seed_results(term, root)
    as_of = datetime.date(2025, 12, 31)
    district = Organization.objects.in_subtree(root).filter(depth=root.depth + 1).first()
    out(f"{connection.vendor} · {Congress.objects.filter(term=term).count():,} congresses")
    for label, organization in (("district", district), ("root", root)):
        started = time.perf_counter()
        rollup = results_rollup(organization=organization, term=term, as_of=as_of)
        alone = (time.perf_counter() - started) * 1000
        totals = rollup["totals"]
        user, _created = get_user_model().objects.get_or_create(username=f"rollup.{label}")
        RoleGrant.objects.get_or_create(user=user, role="leader", organization=organization)
        client = Client()
        client.force_login(user)
        url = reverse("personnel:election-results", args=[organization.pk])
        url += f"?term={term.pk}&as_of={as_of:%d/%m/%Y}"
        first, p50, p95, queries = time_page(client, url, arguments.repeat)
        out(
            f"{label:8s} elected {totals['elected']:,} secretaries {totals['secretaries']:,} "
            f"(direct {totals['direct_secretaries']:,}) · results_rollup {alone:.0f} ms · "
            f"page first {first:.0f} ms, then p50 {p50:.0f} ms p95 {p95:.0f} ms, "
            f"{queries} queries"
        )


if __name__ == "__main__":
    main()
