"""Issue 20, the 0.5× target: an import job writes new members block by block while the rest
of the file is read and checked (applying.StreamingWriter, import_workbook's held_scope).

What it writes must be what the import wrote when it planned the whole file first; an error
found after blocks were written must leave nothing; nothing is written outside the subtree
the caller holds before the whole plan is made (before_apply)."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from audit.models import AuditEvent
from core import bulk
from organizations import import_jobs
from organizations.models import Member
from organizations.spreadsheets import applying, planning
from tests.factories import OrganizationFactory
from tests.organizations.test_import_progress import Recorder
from tests.organizations.test_spreadsheets import errors, member_row, run, snapshot, xlsx

pytestmark = pytest.mark.django_db

ROWS = 50
BLOCK = 10  # planning.COMPARE_EVERY here: five blocks


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch):
    monkeypatch.setattr(planning, "COMPARE_EVERY", BLOCK)
    with translation.override("en"):
        yield


@pytest.fixture
def cells(tree):
    return [
        OrganizationFactory(code="HN-TH-P07-CB1", name="Chi bộ 1", parent=tree["xuan_la"]),
        OrganizationFactory(
            code="HN-LB-P01-CB9",
            name="Chi bộ 9",
            parent=OrganizationFactory(code="HN-LB-P01", parent=tree["long_bien"]),
        ),
    ]


def members_file(rows=ROWS, *, organization="HN-TH-P07-CB1", last=None, prefix="ST"):
    members = [
        member_row(f"{prefix}{number:03d}", organization, full_name=f"Lê Thị Mai {number}")
        for number in range(rows)
    ]
    if last is not None:
        members[-1] = last
    return xlsx(members=members)


def applied_as_job(data, *, held_scope="", before_apply=None, on_progress=None):
    """import_workbook as the import job's apply calls it: in a transaction holding a subtree."""
    with transaction.atomic():
        import_jobs.hold_scope(held_scope)
        return run(data, held_scope=held_scope, before_apply=before_apply, on_progress=on_progress)


def written():
    """The members and their "member.created" rows, without keys and times."""
    members = list(
        Member.objects.order_by("code").values_list(
            "code", "full_name", "name_key", "gender", "birth_date", "organization__code",
            "org_path", "version",
        )
    )  # fmt: skip
    events = sorted(
        (event.target_repr, event.organization_path, event.actor_id, event.data)
        for event in AuditEvent.objects.filter(action="member.created")
    )
    summary = AuditEvent.objects.get(action="spreadsheet.imported")
    return members, events, (summary.organization_path, summary.data)


def test_a_job_writes_the_first_block_before_the_last_row_is_read(cells):
    heard = Recorder()

    plan = applied_as_job(members_file(), on_progress=heard)

    assert plan.applied, errors(plan)
    assert Member.objects.filter(code__startswith="ST").count() == ROWS
    assert heard.figures("written")[-1][0] == ROWS
    # The stream: block 1 written (told once block 2 is sent) before the sheet's end is read.
    assert heard.index("written", BLOCK) < heard.index("read", ROWS)


def test_a_job_writes_what_the_import_wrote_planning_the_whole_file_first(cells, tree):
    data = members_file()
    with transaction.atomic():
        plan = run(data)  # no held subtree: planned whole, then written
        assert plan.applied, errors(plan)
        whole_first = written()
        transaction.set_rollback(True)
    assert not Member.objects.exists()

    plan = applied_as_job(data)

    assert plan.applied, errors(plan)
    assert written() == whole_first
    assert plan.counts["members"]["created"] == ROWS


def test_an_error_in_the_last_block_leaves_nothing_written(cells):
    before = snapshot()
    repeated = member_row("ST001", "HN-TH-P07-CB1", full_name="Lê Thị Mai 1")
    heard = Recorder()

    plan = applied_as_job(members_file(last=repeated), on_progress=heard)

    assert not plan.applied
    assert errors(plan) == [
        f"Sheet Đảng viên, row {ROWS + 1}, column Mã: The code ST001 appears again "
        "(first in row 3)."
    ]
    assert heard.figures("written")  # blocks were written before the error was found
    assert snapshot() == before
    # The check (which writes nothing) finds the same error.
    assert errors(run(members_file(last=repeated), dry_run=True)) == errors(plan)


def test_nothing_is_written_outside_the_held_subtree_before_the_whole_plan_is_made(cells, tree):
    inside, outside = cells
    rows = [
        member_row(f"IN{number:03d}", inside.code, full_name=f"Lê Thị Mai {number}")
        for number in range(2 * BLOCK)
    ]
    rows += [
        member_row(f"OUT{number:03d}", outside.code, full_name=f"Trần Văn An {number}")
        for number in range(BLOCK)
    ]
    rows += [
        member_row(f"IN{number:03d}", inside.code, full_name=f"Lê Thị Mai {number}")
        for number in range(2 * BLOCK, 3 * BLOCK)
    ]
    seen = {}

    def before_apply(plan):  # as the job's: the whole plan's subtree held from here on
        seen["inside"] = Member.objects.filter(organization=inside).count()
        seen["outside"] = Member.objects.filter(organization=outside).count()

    plan = applied_as_job(
        xlsx(members=rows), held_scope=tree["tay_ho"].path, before_apply=before_apply
    )

    assert plan.applied, errors(plan)
    # The two blocks before the first reaching outside were written as they were planned.
    assert seen == {"inside": 2 * BLOCK, "outside": 0}
    assert Member.objects.filter(organization=inside).count() == 3 * BLOCK
    assert Member.objects.filter(organization=outside).count() == BLOCK


def test_a_refusal_by_before_apply_rolls_back_the_streamed_blocks(cells):
    before = snapshot()

    def refuse(plan):
        raise applying.ImportAborted(applying.CellError(message="busy"))

    plan = applied_as_job(members_file(), before_apply=refuse)

    assert not plan.applied
    assert errors(plan) == ["busy"]
    assert snapshot() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the overlap's thread: PostgreSQL")
def test_a_failed_statement_left_running_is_raised_as_itself(cells):
    def aborted_by_the_overlap():
        with transaction.atomic(), bulk.Overlap() as overlap:
            overlap.run([("INSERT INTO organizations_member (id) VALUES (NULL)", ())])
            # The caller's next statement finds the transaction aborted by the one above:
            # the error raised is the cause, not psycopg's "transaction is aborted".
            Member.objects.count()

    with pytest.raises(IntegrityError):
        aborted_by_the_overlap()


def test_a_function_among_the_statements_left_running_is_called_between_them(cells, monkeypatch):
    """A block's "written" report: called once the statement before it is done, before the
    statement after it is sent (on PostgreSQL on the overlap's thread, which the report may
    come from while the planner works)."""
    order, threads = [], []
    execute = bulk._execute

    def logged(cursor, statement):
        execute(cursor, statement)
        order.append("report" if callable(statement) else statement[1][0])

    monkeypatch.setattr(bulk, "_execute", logged)
    organization = cells[0]
    with transaction.atomic(), bulk.Overlap() as overlap:
        overlap.run([
            ("UPDATE organizations_organization SET name = %s WHERE id = %s",
             ("Chi bộ trước", organization.pk)),
            lambda: threads.append(threading.current_thread().name),
            ("UPDATE organizations_organization SET name = name || %s WHERE id = %s",
             (" và sau", organization.pk)),
        ])  # fmt: skip
        overlap.wait()
        organization.refresh_from_db()

    assert order == ["Chi bộ trước", "report", " và sau"]
    assert organization.name == "Chi bộ trước và sau"
    assert threads == ["bulk-overlap" if connection.vendor == "postgresql" else "MainThread"]
