"""Spreadsheet import at scale: the reader alone against the whole import (issue 20).

    DATABASE_URL=sqlite:////tmp/bench-imports.sqlite3 .venv/bin/python bench/imports.py \
        [--members 100000] [--root-code SCALE]

Runs on a tree seeded by `seed_scale` (a small one is enough: the members go to its first 200
cells). Generates a workbook in the template's format (the member sheet, 11 columns) of
--members new members, then times, each in a fresh step:

1. openpyxl's read-only reader iterating every row (what the import read with before issue 20);
2. `read_workbook` (the checks before parsing, then calamine): the floor of the import;
3. the import job's check phase: read + plan without writing (`import_workbook(dry_run=True)`;
   the job plans the file once more when it applies it, step 4);
4. the whole import, read + plan + apply in one transaction (`import_workbook`, as the import
   job's apply runs it: holding the subtree, here the whole tree, so that new members are
   written block by block as they are planned; members created in bulk with their audit rows);
   4b. (`apply`, instead of `new`, on a fresh copy of the database) the same import planned to
   the end before anything is written (as a synchronous import runs): the time from the
   finished plan to the commit is the writes alone, nothing else running in the process: with
   the time before the first member row exists ("opening by" in step 4's line), a floor under
   any import that writes while it reads;
5. the same file again, which changes nothing;
6. a file changing every one of those members (their names): bulk UPDATEs and audit rows
   (--steps chooses: openpyxl,read,check,new,apply,unchanged,changed; all but apply by
   default).

For each import, the longest time without a progress update (`on_progress`, as the job's
progress bar hears it) is printed under its line.

Reports seconds and rows per second, of wall time and of the process's CPU time (which the
other processes of a shared machine move less; on PostgreSQL the server's own work is not in
it), and the process's peak resident memory (cumulative over the steps: --steps new runs one
alone). The database is left with the members (use a throwaway database).
"""

import argparse
import datetime
import functools
import io
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_admin.settings")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from organizations import import_jobs, spreadsheets  # noqa: E402
from organizations.models import Member, Organization  # noqa: E402

HEADERS = [
    "Mã", "Họ và tên", "Giới tính", "Ngày sinh", "Dân tộc", "Mã tổ chức", "Ngày vào Đảng",
    "Ngày chính thức", "Học vấn", "Chuyên môn", "Lý luận chính trị",
]  # fmt: skip


def out(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def members_workbook(cells, count, prefix, name="Trần Thị Bình"):
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Đảng viên")
    sheet.append(HEADERS)
    for number in range(count):
        sheet.append(
            [
                f"{prefix}{number:07d}",
                f"{name} {number}",
                "Nữ" if number % 2 else "Nam",
                datetime.date(1950 + number % 35, 1 + number % 12, 1 + number % 28),
                "Kinh",
                cells[number % len(cells)],
                "15/06/2005",
                datetime.date(2006, 6, 16),
                "12/12",
                "Đại học",
                "Trung cấp",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def openpyxl_rows(data):
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    count = sum(1 for _row in workbook["Đảng viên"].iter_rows(min_row=2, values_only=True))
    workbook.close()
    return count


def timed(label, rows, function):
    """Run `function`, print its wall time and its process CPU time (on a shared machine the
    CPU time moves less with the other processes' load) with rows per second of each."""
    started, cpu_started = time.perf_counter(), time.process_time()
    result = function()
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    out(
        f"{label:44s} {elapsed:7.1f} s  {rows / elapsed:9,.0f} rows/s · CPU {cpu:6.1f} s "
        f"{rows / cpu:9,.0f} rows/s · peak {peak_mib():,.0f} MiB"
    )
    if getattr(result, "bench_gap", None):
        out(f"  {result.bench_gap}")
    return result


class Progress:
    """on_progress of an import: the longest time without an update (from the start of the
    step to the first, between two, from the last to the end), overall and before a call of
    each stage."""

    def __init__(self):
        self.started = self.last = time.perf_counter()
        self.longest = 0.0
        self.stage = ""
        self.ends = {}  # stage → its last update, since the start
        self.gaps = {}  # stage → the longest time without an update before one of its calls

    def __call__(self, stage, _done, _total=None):
        now = time.perf_counter()
        if now - self.last > self.longest:
            self.longest, self.stage = now - self.last, stage
        self.gaps[stage] = max(self.gaps.get(stage, 0.0), now - self.last)
        self.last = now
        self.ends[stage] = now - self.started

    def end(self):
        self("end", 0)
        stages = " · ".join(f"{stage} by {at:.1f} s" for stage, at in self.ends.items())
        gaps = " · ".join(f"{stage} {gap:.1f} s" for stage, gap in self.gaps.items())
        return (
            f"longest without a progress update {self.longest:.1f} s (before {self.stage}); "
            f"{stages}\n  longest gap before each stage's updates: {gaps}"
        )


def import_file(data, *, dry_run=False, streamed=True):
    """The import as the import job runs it: the check (`dry_run`), or the apply in one
    transaction holding the subtree it writes (here the whole tree: import_jobs.hold_scope),
    so that it writes new members as they are planned (applying.StreamingWriter). Not
    `streamed`: planned to the end, then written (as a synchronous import), the time from the
    finished plan to the commit printed as the writes alone."""
    progress = Progress()
    planned = []

    def before_apply(_plan):
        planned.append(time.perf_counter())

    # As the job's apply: "saving" reported while the transaction commits.
    with import_jobs.reporting_commit(progress) as committing, transaction.atomic():
        if not dry_run:
            import_jobs.hold_scope("")
        plan = spreadsheets.import_workbook(
            source=data,
            user=None,
            name="bench.xlsx",
            dry_run=dry_run,
            on_progress=progress,
            held_scope=None if dry_run or not streamed else "",
            before_apply=None if streamed else before_apply,
        )
        if plan.applied:
            committing()
    committed = time.perf_counter()
    assert plan.is_valid, [str(error) for error in plan.errors[:5]]
    assert plan.applied != dry_run
    plan.bench_gap = progress.end()  # printed under the step's line by `timed`
    if planned:
        plan.bench_gap += (
            f"\n  planned to the end by {planned[0] - progress.started:.1f} s; the writes alone "
            f"(from the finished plan to the commit) {committed - planned[0]:.1f} s"
        )
    return plan


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--root-code", default="SCALE")
    default = ",".join(step for step in STEPS if step != "apply")
    parser.add_argument("--steps", default=default, help="of " + ",".join(STEPS))
    parser.add_argument("--prefix", help="of the codes (the same again: the same members)")
    parser.add_argument("--workbook", help="a file keeping the workbook (read if it exists)")
    options = parser.parse_args()
    steps = options.steps.split(",")

    root = Organization.objects.get(code=options.root_code)
    cells = list(
        Organization.objects.in_subtree(root)
        .filter(kind__holds_members=True)
        .values_list("code", flat=True)[:200]
    )
    started = time.perf_counter()
    prefix = options.prefix or f"IMP{int(time.time())}-"
    if options.workbook and Path(options.workbook).exists():
        data = Path(options.workbook).read_bytes()
    else:
        data = members_workbook(cells, options.members, prefix=prefix)
        if options.workbook:
            Path(options.workbook).write_bytes(data)
    out(
        f"{connection.vendor} · {Member.objects.count():,} members before · workbook of "
        f"{options.members:,} members, {len(data) / 1024 / 1024:.1f} MB, written in "
        f"{time.perf_counter() - started:.1f} s · peak {peak_mib():,.0f} MiB before the steps"
    )
    rows = options.members
    if "openpyxl" in steps:
        assert timed("read, openpyxl read-only (before issue 20)", rows, lambda: openpyxl_rows(
            data))  # fmt: skip
    if "read" in steps:
        read = functools.partial(spreadsheets.read_workbook, source=data)
        parsed = timed("read_workbook (checks + calamine)", rows, read)
        assert len(parsed.sheets["members"].rows) == rows
        del parsed
    if "check" in steps:
        checked = timed("the job's check (read + plan, dry run)", rows, lambda: import_file(
            data, dry_run=True))  # fmt: skip
        assert checked.counts["members"]["created"] == rows
        del checked
    if "new" in steps:
        plan = timed("whole import, new members", rows, lambda: import_file(data))
        assert plan.counts["members"]["created"] == rows
    if "apply" in steps:
        plan = timed("whole import, new members, planned then written", rows, lambda: (
            import_file(data, streamed=False)))  # fmt: skip
        assert plan.counts["members"]["created"] == rows
    if "unchanged" in steps:
        plan = timed("whole import again, unchanged", rows, lambda: import_file(data))
        assert plan.counts["members"]["unchanged"] == rows
    if "changed" in steps:
        changed = members_workbook(cells, rows, prefix=prefix, name="Trần Thị Bình Minh")
        plan = timed("whole import, every member changed", rows, lambda: import_file(
            changed))  # fmt: skip
        assert plan.counts["members"]["updated"] == rows


STEPS = ("openpyxl", "read", "check", "new", "apply", "unchanged", "changed")


if __name__ == "__main__":
    main()
