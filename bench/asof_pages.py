"""Server time and query count of the dated pages ("as of", core.asof) at city scale.

    DATABASE_URL=... .venv/bin/python bench/asof_pages.py [--repeat 20] [--root-code SCALE]
        [--past 15/06/2020]

Runs on a city seeded by `seed_scale`, which makes organizations and members only. The first
run gives the city a 2020–2025 wave as the pages would see it after that term (idempotent;
the row counts are printed):
- the regular congress of every organization planned over its level's window (the term's
  rules), every one held by the end of 2020 with a dated stage history (cells in the first
  quarter, grassroots organizations April–June, districts July–August, the city in October);
- 8 working groups per district sharing its grassroots organizations, 5 at the city;
- 20 directives per committee (city and districts); for each district's and the city's
  congress 3 documents, 2 versions each, the political report discussed in 3 rounds with 37
  comments and approved; 5 follow-up tasks per district and the city, 2 per grassroots
  organization;
- the 2019 ratings of every member and every organization, decided on 20/01/2020;
- a city campaign with 3 works per grassroots organization, and one campaign per district.
Then every dated page is requested in process (Django's test client: middleware, view and
template; no network) as district staff granted the first district and as city staff granted
the root, today and on --past (a date in the middle of the wave): p50/p95 over --repeat
requests after one warm-up, and the queries of one request. Leaves the rows and users in the
database: use a throwaway database.
"""

import argparse
import contextlib
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_admin.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Case, F, Q, Value, When  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.pages import out, percentile, user_with_grant  # noqa: E402
from congresses import services as congress_services  # noqa: E402
from congresses.choices import HELD_STAGES, Stage  # noqa: E402
from congresses.demo import _history, _plan_dates  # noqa: E402
from congresses.models import Congress, StageTransition, Term, WorkingGroup  # noqa: E402
from congresses.working_groups import save_working_group  # noqa: E402
from documents import services as document_services  # noqa: E402
from documents.choices import DocumentKind, TaskKind, TaskStatus  # noqa: E402
from documents.models import CongressDocument, DirectiveDocument, FollowUpTask  # noqa: E402
from organizations.models import Member, Organization  # noqa: E402
from recognition import services as recognition_services  # noqa: E402
from recognition.choices import Level, Step, WorkStatus  # noqa: E402
from recognition.models import Campaign, CampaignWork, Period, Rating  # noqa: E402

D = datetime.date
TERM = "2020–2025"
RATED_YEAR = 2019
RATINGS_DECIDED_ON = D(2020, 1, 20)
BATCH = 5000


def _children(organization):
    return list(Organization.objects.children_of(organization).order_by("path"))


def _grassroots(organization):
    return Organization.objects.in_subtree(organization).filter(kind__level=3).order_by("path")


def build_wave(root, term):
    """The congresses of `term` for `root`'s subtree, all held by the end of 2020, with their
    stage histories; nothing when they exist. Returns the congresses created."""
    if Congress.objects.in_subtree(root).filter(term=term).exists():
        return 0
    created = congress_services.create_term_plan(term=term, root=root, actor=None)
    rules = {rule.level: rule for rule in term.level_rules.all()}
    congresses = list(Congress.objects.in_subtree(root).regular().filter(term=term))
    _plan_dates(congresses, rules)
    # One field by CASE in small batches, the rest by one UPDATE: a CASE of thousands of
    # branches per field takes PostgreSQL minutes.
    for congress in congresses:
        if congress.level > 2:
            congress.approval_date = congress.planned_date + datetime.timedelta(days=14)
    Congress.objects.bulk_update(congresses, ["planned_date", "approval_date"], batch_size=1000)
    lower = Q(level__gt=2)
    Congress.objects.in_subtree(root).regular().filter(term=term).update(
        started_on=F("planned_date"),
        ended_on=F("planned_date"),
        held_on=F("planned_date"),
        stage=Case(When(lower, then=Value(Stage.RESULTS_APPROVED)), default=Value(Stage.HELD)),
        approval_number=Case(When(lower, then=Value("1-QĐ")), default=Value("")),
        approval_body=Case(When(lower, then=Value("Ban Thường vụ cấp trên")), default=Value("")),
    )
    congresses = list(Congress.objects.in_subtree(root).regular().filter(term=term))
    transitions = [item for congress in congresses for item in _history(congress)]
    StageTransition.objects.bulk_create(transitions, batch_size=BATCH)
    assert all(congress.stage in HELD_STAGES for congress in congresses)
    return created


def build_groups(root, districts, term):
    """8 working groups per district over its grassroots organizations, 5 at the city."""
    if WorkingGroup.objects.filter(owner=root, term=term).exists():
        return 0
    created = 0
    for owner, count, assigned in [(root, 5, districts)] + [
        (district, 8, list(_grassroots(district))) for district in districts
    ]:
        for number in range(1, count + 1):
            save_working_group(
                term=term, owner=owner, name=f"Tổ công tác số {number}",
                leader_name=f"Ủy viên Ban Thường vụ số {number}", members=[],
                organizations=assigned[number - 1 :: count], actor=None,
            )  # fmt: skip
            created += 1
    return created


def build_directives(committees, term):
    if DirectiveDocument.objects.filter(organization=committees[0], term=term).exists():
        return 0
    for committee in committees:
        for number in range(1, 21):
            document_services.create_directive(
                organization=committee, term=term, actor=None,
                number=f"{number + 10}-HD/{committee.code}",
                issued_on=D(2019, 6, 1) + datetime.timedelta(days=14 * number),
                title=f"Văn bản chỉ đạo số {number} về công tác chuẩn bị, tổ chức đại hội",
                issuing_body=f"Ban Thường vụ {committee.name}",
            )  # fmt: skip
    return 20 * len(committees)


DOCUMENTS = (
    (DocumentKind.POLITICAL_REPORT, "Báo cáo chính trị của Ban Chấp hành"),
    (DocumentKind.COMMITTEE_REVIEW, "Báo cáo kiểm điểm của Ban Chấp hành"),
    (DocumentKind.ACTION_PROGRAM, "Chương trình hành động thực hiện Nghị quyết Đại hội"),
)
ROUNDS = ((30, 12), (20, 14), (10, 11))  # (days before approval, comments): 37 comments


def build_documents(congress):
    """3 documents of `congress`, 2 versions each; the political report discussed in 3 rounds
    (37 comments) and approved 20 days before the congress."""
    if CongressDocument.objects.filter(congress=congress).exists():
        return 0
    approved_on = congress.planned_date - datetime.timedelta(days=20)
    for kind, title in DOCUMENTS:
        document = document_services.create_document(
            congress=congress, actor=None, kind=kind, title=title
        )
        for number in (1, 2):
            document_services.add_version(
                document=document, actor=None, text=f"Dự thảo lần {number}.", note=f"Lần {number}"
            )
        if kind != DocumentKind.POLITICAL_REPORT:
            continue
        for days, comments in ROUNDS:
            discussion = document_services.add_round(
                document=document, actor=None, held_on=approved_on - datetime.timedelta(days=days)
            )
            for number in range(comments):
                document_services.add_comment(
                    discussion=discussion, actor=None, author=f"Đảng bộ cơ sở {number + 1}",
                    content=f"Ý kiến {number + 1}: bổ sung mục tiêu, chỉ tiêu, giải pháp.",
                    accepted=number % 3 != 0,
                )  # fmt: skip
        document.refresh_from_db()
        document_services.approve_document(
            document=document, actor=None, expected_version=document.version,
            approved_on=approved_on, approval_number=f"{congress.pk}-CV",
            approval_body="Ban Thường vụ cấp trên",
        )  # fmt: skip
    return len(DOCUMENTS)


TASK_KINDS = (
    TaskKind.WORKING_REGULATION,
    TaskKind.FULL_TERM_PROGRAM,
    TaskKind.INSPECTION_PROGRAM,
    TaskKind.FULL_TERM_PROGRAM,
    TaskKind.FULL_TERM_PROGRAM,
)
TASK_STATUSES = (TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.TODO)


def build_follow_ups(root, committees, term):
    """5 tasks per committee and 2 per grassroots organization, set the day after its congress
    (the congresses' planned dates), done, under way or to do in turn; deadline 31/12/2020."""
    if FollowUpTask.objects.in_subtree(root).filter(term=term).exists():
        return 0
    held = dict(
        Congress.objects.in_subtree(root)
        .filter(term=term)
        .values_list("organization_id", "planned_date")
    )
    rows = []
    organizations = [(committee, 5) for committee in committees] + [
        (organization, 2) for organization in _grassroots(root)
    ]
    for organization, count in organizations:
        set_on = held[organization.pk] + datetime.timedelta(days=1)
        for number in range(count):
            status = TASK_STATUSES[(organization.pk + number) % 3]
            done_on = set_on + datetime.timedelta(days=30 + number) if status == "done" else None
            rows.append(
                FollowUpTask(
                    organization=organization,
                    org_path=organization.path,
                    term=term,
                    kind=TASK_KINDS[number],
                    title=f"Nhiệm vụ sau đại hội số {number + 1}",
                    owner="Văn phòng cấp ủy",
                    deadline=D(2020, 12, 31),
                    status=status,
                    created_on=set_on,
                    done_on=done_on,
                    started_on=set_on if status != TaskStatus.TODO else None,
                )
            )
    FollowUpTask.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


RATING_LEVELS = [Level.EXCELLENT] + [Level.GOOD] * 7 + [Level.COMPLETE] * 2


def build_ratings(root):
    """The RATED_YEAR ratings of every member and organization of `root`'s subtree, decided."""
    period = Period.objects.get(kind="year", year=RATED_YEAR)
    if Rating.objects.in_subtree(root).filter(period=period).exists():
        return 0
    decided = {
        "period": period, "step": Step.DECIDED, "decision_body": "Cấp ủy cấp trên",
        "decision_number": f"{RATED_YEAR - 2000}-QĐ", "decision_date": RATINGS_DECIDED_ON,
    }  # fmt: skip
    created = 0
    organizations = Organization.objects.in_subtree(root).values_list("pk", "path")
    rows = [
        Rating(organization_id=pk, org_path=path, level=RATING_LEVELS[pk % 10], **decided)
        for pk, path in organizations
    ]
    Rating.objects.bulk_create(rows, batch_size=BATCH)
    created += len(rows)
    members = (
        Member.objects.in_subtree(root).order_by().values_list("pk", "organization_id", "org_path")
    )
    batch = []
    for pk, organization_id, path in members.iterator(chunk_size=BATCH):
        level = RATING_LEVELS[pk % 10]
        batch.append(
            Rating(
                member_id=pk,
                organization_id=organization_id,
                org_path=path,
                level=level,
                self_level=level,
                proposed_level=level,
                **decided,
            )
        )
        if len(batch) == BATCH:
            Rating.objects.bulk_create(batch)
            created += len(batch)
            batch = []
    Rating.objects.bulk_create(batch)
    return created + len(batch)


def build_campaigns(root, districts):
    """A city campaign (works of every grassroots organization) and one per district."""
    if Campaign.objects.filter(organization=root).exists():
        return 0
    created = 0
    campaigns = [(root, "Đợt thi đua 200 ngày chào mừng Đại hội", D(2020, 3, 15))] + [
        (district, f"Phong trào thi đua chào mừng Đại hội {district.name}", D(2020, 1, 1))
        for district in districts
    ]
    for organizer, name, starts_on in campaigns:
        recognition_services.create_campaign(
            organizer=organizer, actor=None, name=name, starts_on=starts_on,
            ends_on=D(2020, 10, 15), goal="Lập thành tích chào mừng Đại hội Đảng các cấp.",
        )  # fmt: skip
        created += 1
    city = Campaign.objects.get(organization=root)
    works = []
    for index, organization in enumerate(_grassroots(root)):
        for number in range(3):
            completed = number == 0 or (number == 1 and index % 2 == 0)
            works.append(
                CampaignWork(
                    campaign=city,
                    organization=organization,
                    org_path=organization.path,
                    title=f"Công trình {number + 1} chào mừng đại hội ({organization.code})",
                    registered_on=D(2020, 3, 20) + datetime.timedelta(days=index % 60),
                    status=WorkStatus.COMPLETED if completed else WorkStatus.IN_PROGRESS,
                    progress=100 if completed else 60,
                    completed_on=D(2020, 9, 1) + datetime.timedelta(days=index % 40)
                    if completed
                    else None,
                )
            )
    CampaignWork.objects.bulk_create(works, batch_size=BATCH)
    return created + len(works)


def build_city(root):
    """Every row the dated pages read (module docstring); prints what was created."""
    term = Term.objects.get(name=TERM)
    districts = _children(root)
    committees = [root, *districts]
    with transaction.atomic():
        out(f"congresses of {TERM}: {build_wave(root, term):,} created")
        out(f"working groups: {build_groups(root, districts, term):,} created")
        out(f"directives: {build_directives(committees, term):,} created")
        documents = 0
        for congress in Congress.objects.regular().filter(term=term, organization__in=committees):
            documents += build_documents(congress)
        out(f"congress documents: {documents:,} created")
        out(f"follow-up tasks: {build_follow_ups(root, committees, term):,} created")
        out(f"ratings of {RATED_YEAR}: {build_ratings(root):,} created")
        out(f"campaigns and works: {build_campaigns(root, districts):,} created")
    if connection.vendor == "postgresql":
        # As autovacuum would shortly: planner statistics for the new rows.
        with connection.cursor() as cursor:
            for model in (Congress, StageTransition, CongressDocument, DirectiveDocument,
                          FollowUpTask, Rating, Campaign, CampaignWork, WorkingGroup):  # fmt: skip
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')
    return term


def dated_pages(organization, term):
    """(page, url) of every dated page for a user scoped to `organization`."""
    congress = Congress.objects.regular().get(organization=organization, term=term)
    report = CongressDocument.objects.get(congress=congress, kind=DocumentKind.POLITICAL_REPORT)
    campaign = Campaign.objects.get(organization=organization)
    on_term = f"?term={term.pk}"
    return (
        ("congress list", reverse("congresses:congress-list", args=[organization.pk]) + on_term),
        ("congress page", reverse("congresses:congress-detail", args=[congress.pk])),
        ("worklist", reverse("congresses:worklist") + on_term),
        ("working groups", reverse("congresses:group-list", args=[organization.pk]) + on_term),
        ("organization list", reverse("organizations:organization-list")),
        ("member list", reverse("organizations:member-list", args=[organization.pk])),
        ("directives", reverse("documents:directive-list", args=[organization.pk])),
        ("congress documents", reverse("documents:document-list", args=[congress.pk])),
        ("document page", reverse("documents:document-detail", args=[report.pk])),
        ("follow-up tasks", reverse("documents:followup-list", args=[organization.pk])),
        (
            "rating grid, members",
            reverse("recognition:rating-grid", args=[organization.pk]) + f"?year={RATED_YEAR}",
        ),
        (
            "rating grid, orgs",
            reverse("recognition:rating-grid", args=[organization.pk])
            + f"?year={RATED_YEAR}&subject=organizations",
        ),
        ("campaigns", reverse("recognition:campaign-list", args=[organization.pk])),
        ("campaign page", reverse("recognition:campaign-detail", args=[campaign.pk])),
    )


def measure(client, url, repeat):
    """p50 and p95 of the request's wall time, p50 of its CPU time in this process (ms; the
    machine's other load inflates the wall time, far less the CPU time), and the queries of
    one request (as `bench.pages.time_page`). With `repeat` 0 (the suite's smoke test) the
    counted request alone, its times given as all three."""
    if repeat:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    queries = []
    walls, cpus = [], []
    for number in range(max(repeat, 1) + (1 if repeat else 0)):
        counting = number == 0
        wrapper = (
            connection.execute_wrapper(
                lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
            )
            if counting
            else contextlib.nullcontext()
        )
        started, cpu = time.perf_counter(), time.process_time()
        with wrapper:
            response = client.get(url)
        if repeat and counting:
            continue  # the counted request is not timed
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(walls), percentile(walls, 0.95), statistics.median(cpus), len(queries)


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20, help="0: one request per page")
    parser.add_argument("--root-code", default="SCALE")
    parser.add_argument("--past", default="15/06/2020", help="the past date asked (dd/mm/yyyy)")
    options = parser.parse_args(argv)
    settings.ALLOWED_HOSTS = ["testserver"]
    root = Organization.objects.get(code=options.root_code)
    term = build_city(root)
    district = _children(root)[0]
    out(
        f"{connection.vendor} · {Member.objects.count():,} members · district {district.code} "
        f"· past date {options.past}"
    )
    cases = (
        ("district staff", user_with_grant("bench.asof.district", "staff", district), district),
        ("city staff", user_with_grant("bench.asof.city", "staff", root), root),
    )
    rows = []
    for label, user, organization in cases:
        client = Client()
        client.force_login(user)
        for page, url in dated_pages(organization, term):
            for date_label, query in (("today", ""), (options.past, f"as_of={options.past}")):
                joined = f"{url}{'&' if '?' in url else '?'}{query}" if query else url
                p50, p95, cpu, queries = measure(client, joined, options.repeat)
                rows.append((label, page, date_label, queries))
                out(
                    f"{label:14s} {page:22s} {date_label:10s} p50 {p50:7.1f} ms  "
                    f"p95 {p95:7.1f} ms  cpu {cpu:6.1f} ms  {queries:2d} queries  "
                    f"load {os.getloadavg()[0]:.2f}"
                )
    return rows


if __name__ == "__main__":
    main()
