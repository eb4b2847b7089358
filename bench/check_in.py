"""Check-in under load: N delegates checked in by 4 concurrent desks, then the server time of
one check-in and of the live attendance panel.

    DATABASE_URL=... .venv/bin/python bench/check_in.py [--members 550] [--devices 4]
        [--duplicates 0.1] [--enforce-targets]

Seeds (if missing) a district of `--members` members under the root CHK with `seed_scale`,
makes its congress of the 2020–2025 term an all-member congress opened today and issues the
cards of everyone it convenes. Then `--devices` threads, each a signed-in desk (Django's test
client through every middleware, in this process), check the delegates in by their numbers
and by their QR tokens, all at the same time; a share of the cards (`--duplicates`) is scanned
by two desks at once. Counted: errors (an answer other than 200 with a result, or an
exception), check-ins recorded (must equal the cards) and each desk's answer times. Then one
desk alone: p50/p95 of a check-in (a delegate who left and returns) and of the attendance
panel with its query count. Exits non-zero on an error or a wrong count, and with
--enforce-targets on a check-in slower than 100 ms at p95 (issue 17). Uses a database of its
own: never the development or the test database. The check-ins it records stay (run again on
a fresh database, or it reuses the congress and starts by clearing its cards' presence).
"""

import argparse
import io
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_admin.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from congress_day import services  # noqa: E402
from congress_day.models import CheckInEvent, DelegateCard  # noqa: E402
from congress_day.tokens import token_for  # noqa: E402
from congresses import services as congress_services  # noqa: E402
from congresses.models import Congress, Term  # noqa: E402
from organizations.models import Organization, RoleGrant  # noqa: E402

# A district holds its congress of 2020–2025: the district level ended on 30/06/2025, before
# the 2025–2030 window of its level, so the 2025 plan gives it none (R-OR-05).
TERM = "2020–2025"
HTMX = {"HX-Request": "true"}
TARGET_MS = 100


def out(text):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def ensure_congress(members):
    """The district of the root CHK (seeded if missing), its congress opened today with every
    convened member's card issued, and no one in the hall."""
    if not Organization.objects.filter(code="CHK").exists():
        started = time.perf_counter()
        call_command(
            "seed_scale", "--districts", "1", "--grassroots", "5", "--cells", "50",
            "--members", str(members), "--root-code", "CHK", stdout=io.StringIO(),
        )  # fmt: skip
        out(f"seeded CHK ({members} members) in {time.perf_counter() - started:.1f} s")
    root = Organization.objects.get(code="CHK")
    district = Organization.objects.children_of(root).order_by("path").first()
    term = Term.objects.get(name=TERM)
    if not Congress.objects.filter(term=term, organization=district).exists():
        congress_services.create_term_plan(term=term, root=district, actor=None)
    congress = Congress.objects.regular().get(term=term, organization=district)
    Congress.objects.filter(pk=congress.pk).update(
        kind="all_member", started_on=timezone.localdate(), stage="personnel_approved"
    )
    congress.refresh_from_db()
    services.issue_cards(congress=congress, actor=None)
    DelegateCard.objects.filter(congress=congress).update(present=False, present_since=None)
    return congress


def desk_user(congress):
    user, _created = get_user_model().objects.get_or_create(username="bench-checkin")
    RoleGrant.objects.get_or_create(user=user, role="staff", organization=congress.organization)
    return user


def run_desks(congress, user, devices, duplicates):
    """Every card checked in once by one of `devices` concurrent desks; a share scanned by a
    second desk at the same time. (answers, errors, times in ms)."""
    cards = list(DelegateCard.objects.filter(congress=congress).order_by("number"))
    rng = random.Random(17)
    queues = [[] for _ in range(devices)]
    for index, card in enumerate(cards):
        entry = token_for(card) if index % 2 else str(card.number)
        queues[index % devices].append(entry)
        if rng.random() < duplicates:  # the card shown to the next desk too
            queues[(index + 1) % devices].append(entry)
    url = reverse("congress_day:check-in", args=[congress.pk])
    barrier = threading.Barrier(devices)
    lock = threading.Lock()
    results = {"arrived": 0, "already": 0, "errors": [], "times": []}

    def desk(number, entries):
        client = Client()
        client.force_login(user)
        device = f"bench-desk-{number}"
        try:
            barrier.wait()
            for entry in entries:
                started = time.perf_counter()
                try:
                    response = client.post(url, {"entry": entry, "device": device}, headers=HTMX)
                except Exception as error:  # counted, and the run goes on
                    with lock:
                        results["errors"].append(f"{entry[:12]}: {error!r}")
                    continue
                elapsed = (time.perf_counter() - started) * 1000
                body = response.content.decode()
                with lock:
                    results["times"].append(elapsed)
                    if response.status_code != 200 or "checkin-result" not in body:
                        results["errors"].append(f"{entry[:12]}: {response.status_code}")
                    elif "alert-warning" in body:
                        results["already"] += 1
                    else:
                        results["arrived"] += 1
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=desk, args=(number, entries))
        for number, entries in enumerate(queues, 1)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results["seconds"] = time.perf_counter() - started
    results["cards"] = len(cards)
    results["scans"] = sum(len(entries) for entries in queues)
    return results


def one_desk(congress, user, repeat):
    """p50/p95 (ms) of a check-in (a delegate who left and returns) and of the attendance
    panel (with its query count), one desk alone."""
    client = Client()
    client.force_login(user)
    url = reverse("congress_day:check-in", args=[congress.pk])
    cards = list(DelegateCard.objects.filter(congress=congress).order_by("number")[:repeat])
    check_in, panel = [], []
    for card in cards:
        services.check_out(congress=congress, card=card, actor=user)
        started = time.perf_counter()
        response = client.post(url, {"entry": str(card.number)}, headers=HTMX)
        check_in.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    panel_url = reverse("congress_day:attendance", args=[congress.pk])
    client.get(panel_url, headers=HTMX)
    for _ in range(repeat):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            client.get(panel_url, headers=HTMX)
        panel.append((time.perf_counter() - started) * 1000)
    return check_in, panel, len(queries.captured_queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=550)
    parser.add_argument("--devices", type=int, default=4)
    parser.add_argument("--duplicates", type=float, default=0.1)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--enforce-targets", action="store_true")
    options = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    out(f"database: {connection.vendor}")
    congress = ensure_congress(options.members)
    user = desk_user(congress)
    before = CheckInEvent.objects.filter(card__congress=congress).count()
    results = run_desks(congress, user, options.devices, options.duplicates)
    recorded = CheckInEvent.objects.filter(card__congress=congress).count() - before
    present = DelegateCard.objects.filter(congress=congress, present=True).count()
    times = results["times"]
    out(
        f"{results['cards']} cards, {results['scans']} scans by {options.devices} desks in "
        f"{results['seconds']:.1f} s: {results['arrived']} checked in, {results['already']} "
        f"already in, {len(results['errors'])} errors; {recorded} check-ins recorded, "
        f"{present} present"
    )
    out(
        f"answer time under {options.devices} desks: p50 {percentile(times, 0.5):.1f} ms, "
        f"p95 {percentile(times, 0.95):.1f} ms, max {max(times, default=0):.1f} ms"
    )
    for error in results["errors"][:10]:
        out(f"  error: {error}")
    check_in, panel, panel_queries = one_desk(congress, user, options.repeat)
    out(
        f"one desk: check-in p50 {statistics.median(check_in):.1f} ms, "
        f"p95 {percentile(check_in, 0.95):.1f} ms; attendance panel p50 "
        f"{statistics.median(panel):.1f} ms, p95 {percentile(panel, 0.95):.1f} ms, "
        f"{panel_queries} queries"
    )
    failed = bool(results["errors"]) or recorded != results["cards"] or present != results["cards"]
    if options.enforce_targets and percentile(check_in, 0.95) > TARGET_MS:
        out(f"check-in p95 above {TARGET_MS} ms")
        failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
