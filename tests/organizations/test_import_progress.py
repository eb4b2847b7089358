"""The progress of an import, stage by stage (issue 20: the bar updates at least every 2 s).

Not timed (a loaded machine would make that flaky): each stage must report at most every so
many bytes or rows, which is what bounds the time between two updates at the measured
speeds (docs/benchmarks.md). The steps are made small here so that a workbook of a few
thousand rows crosses many of them.
"""

import io
import itertools
import threading
import zipfile

import openpyxl
import pytest
from django.db import IntegrityError, connection, transaction

from core import bulk
from organizations import xlsx_checks
from organizations.models import Member
from organizations.spreadsheets import applying, planning, reading
from tests.factories import MemberFactory, OrganizationFactory
from tests.organizations.test_spreadsheets import MEMBER_HEADERS, member_row

pytestmark = pytest.mark.django_db

ROWS = 3_000


@pytest.fixture
def cell(tree):
    return OrganizationFactory(code="HN-TH-P07-CB1", name="Chi bộ 1", parent=tree["xuan_la"])


@pytest.fixture
def small_steps(monkeypatch):
    steps = {"chunk": 16 * 1024, "bytes": 64 * 1024, "read": 500, "validated": 400}
    steps |= {"compared": 700, "written": 600}
    monkeypatch.setattr(xlsx_checks, "CHUNK", steps["chunk"])
    monkeypatch.setattr(xlsx_checks, "PROGRESS_BYTES", steps["bytes"])
    monkeypatch.setattr(reading, "PROGRESS_EVERY", steps["read"])
    monkeypatch.setattr(planning, "PROGRESS_EVERY", steps["validated"])
    monkeypatch.setattr(planning, "COMPARE_EVERY", steps["compared"])
    monkeypatch.setattr(applying, "PROGRESS_BATCH", steps["written"])
    return steps


def workbook():
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Đảng viên")
    sheet.append(MEMBER_HEADERS)
    for number in range(ROWS):
        day = f"{1 + number % 28:02d}/{1 + number % 12:02d}/{1950 + number % 35}"
        sheet.append(
            member_row(
                f"PG{number:05d}", "HN-TH-P07-CB1", full_name=f"Lê Thị {number}", birth_date=day
            )
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class Recorder:
    """on_progress of import_workbook: every call, in order."""

    def __init__(self):
        self.calls = []

    def __call__(self, stage, done, total=None):
        self.calls.append((stage, done, total))

    def stages(self):
        """The stages in the order they were first heard (the member rows are read, checked
        and compared block by block: the stages' reports interleave)."""
        return list(dict.fromkeys(call[0] for call in self.calls))

    def index(self, stage, done):
        return self.calls.index((stage, done, None))

    def figures(self, stage):
        return [(done, total) for name, done, total in self.calls if name == stage]


def largest_step(figures):
    done = [0] + [figure for figure, _total in figures]
    return max(after - before for before, after in itertools.pairwise(done))


def xml_sizes(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sizes = {entry.filename: entry.file_size for entry in archive.infolist()}
    scanned = sum(size for name, size in sizes.items() if name.endswith((".xml", ".rels")))
    return scanned, sizes["xl/worksheets/sheet1.xml"]


def test_every_stage_of_an_import_reports_within_its_step(cell, small_steps):
    data = workbook()
    scanned, sheet_size = xml_sizes(data)
    heard = Recorder()

    plan = applying.import_workbook(source=data, user=None, on_progress=heard)

    assert plan.applied
    assert Member.objects.count() == ROWS
    assert heard.stages() == ["file", "opening", "read", "validated", "compared", "written"]
    # Block by block: the first block is checked and compared before the last row is read;
    # this import (no held subtree: not a job) writes once the whole plan is made.
    assert heard.index("compared", small_steps["compared"]) < heard.index("read", ROWS)
    assert heard.index("compared", ROWS) < heard.index("written", small_steps["written"])
    checked = heard.figures("file")
    assert checked[0] == (0, scanned)
    assert checked[-1] == (scanned, scanned)
    assert len(checked) > 5  # the sheet's XML is many steps long
    # A report once PROGRESS_BYTES more were scanned, the last block (up to a chunk and the
    # piece of a tag carried over) past it included.
    assert largest_step(checked) < small_steps["bytes"] + 2 * small_steps["chunk"]
    assert heard.figures("opening")[0] == (0, sheet_size)
    for stage in ("read", "validated", "compared", "written"):
        figures = heard.figures(stage)
        assert figures[-1][0] == ROWS, stage
        assert len(figures) >= ROWS // small_steps[stage], stage
        assert largest_step(figures) <= small_steps[stage], stage


def test_an_unchanged_import_compares_its_rows_with_the_database_in_steps(cell, small_steps):
    data = workbook()
    applying.import_workbook(source=data, user=None)
    heard = Recorder()

    plan = applying.import_workbook(source=data, user=None, on_progress=heard)

    assert plan.counts["members"]["unchanged"] == ROWS
    assert heard.stages() == ["file", "opening", "read", "validated", "compared"]  # no write
    compared = heard.figures("compared")
    assert compared[-1][0] == ROWS
    assert largest_step(compared) <= small_steps["compared"]


class SlowWorkbook:
    """A calamine workbook whose sheet loads until `release` is set (without the GIL, as
    calamine's load: Event.wait releases it too)."""

    def __init__(self, *, error=None):
        self.release = threading.Event()
        self.error = error

    def get_sheet_by_name(self, title):
        assert self.release.wait(30)
        if self.error:
            raise self.error
        return f"sheet {title}"


def test_loading_a_sheet_tells_its_progress_until_it_is_loaded(monkeypatch):
    monkeypatch.setattr(reading, "OPENING_EVERY", 0.001)
    book = SlowWorkbook()
    heard = []

    def on_opening(seconds, size):
        heard.append((seconds, size))
        if len(heard) == 3:  # the load ends only after two updates while it runs
            book.release.set()

    sheet = reading._load_sheet(book, "Đảng viên", size=1234, on_opening=on_opening)

    assert sheet == "sheet Đảng viên"
    assert heard[0] == (0, 1234)
    assert len(heard) >= 3
    assert {size for _seconds, size in heard} == {1234}


def test_an_error_while_loading_a_sheet_is_raised_to_the_reader(monkeypatch):
    monkeypatch.setattr(reading, "OPENING_EVERY", 0.001)
    book = SlowWorkbook(error=ValueError("damaged"))
    book.release.set()

    with pytest.raises(ValueError, match="damaged"):
        reading._load_sheet(book, "Đảng viên", size=1, on_opening=lambda *figures: None)


def test_the_deferred_checks_run_after_each_batch_written(cell, small_steps, monkeypatch):
    """The foreign keys' checks (deferred to the commit on PostgreSQL) run after each batch,
    not all at the commit without a report: queued behind the batch's audit rows
    (core.bulk.Overlap), one set per batch, each asked for before its batch is reported
    written (which it is once its rows are in the table)."""
    heard = Recorder()

    def deferred_checks():
        heard.calls.append(("checks",))
        return []

    monkeypatch.setattr(bulk, "deferred_checks", deferred_checks)

    applying.import_workbook(source=workbook(), user=None, on_progress=heard)

    steps = [call for call in heard.calls if call[0] in ("written", "checks")]
    batch = small_steps["written"]
    batches = -(-ROWS // batch)
    assert steps[0] == ("written", 0, None)  # the organizations' (none here)
    reports = [(index, call[1]) for index, call in enumerate(steps) if call[0] == "written"][1:]
    expected = [min(number * batch, ROWS) for number in range(1, batches + 1)]
    assert [rows for _index, rows in reports] == expected
    for number, (index, _rows) in enumerate(reports, start=1):
        assert steps[:index].count(("checks",)) >= number  # the batch's checks came first
    assert steps.count(("checks",)) == batches


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite: checked at the commit")
def test_check_deferred_raises_a_violation_and_leaves_the_foreign_keys_deferred(cell):
    """A violation raises at check_deferred (inside the transaction, rolled back with it), and
    the foreign keys stay deferred afterwards (Django's DEFERRABLE INITIALLY DEFERRED)."""
    member = MemberFactory(organization=cell)
    with transaction.atomic():
        sid = transaction.savepoint()
        bulk.check_deferred()
        Member.objects.filter(pk=member.pk).update(organization_id=cell.pk + 10_000)  # no error
        with pytest.raises(IntegrityError):
            bulk.check_deferred()
        transaction.savepoint_rollback(sid)

    assert Member.objects.get(pk=member.pk).organization == cell


def test_a_failing_report_waits_for_the_load_before_it_is_raised(monkeypatch):
    """The workbook is closed after the reader returns or raises: never while calamine's
    thread still loads from it."""
    monkeypatch.setattr(reading, "OPENING_EVERY", 0.001)
    book = SlowWorkbook()
    loaded = []
    load = book.get_sheet_by_name
    monkeypatch.setattr(book, "get_sheet_by_name", lambda title: loaded.append(load(title)))

    calls = []

    def failing(seconds, size):
        calls.append(seconds)
        if len(calls) == 2:
            book.release.set()
            raise ConnectionError("the cache is gone")

    with pytest.raises(ConnectionError):
        reading._load_sheet(book, "Đảng viên", size=1, on_opening=failing)

    assert loaded == ["sheet Đảng viên"]  # the load had ended when the error was raised
