"""Spreadsheet import at scale: the reader alone against the whole import (issue 20).

    DATABASE_URL=sqlite:////tmp/bench-imports.sqlite3 .venv/bin/python bench/imports.py \
        [--members 100000] [--root-code SCALE]

Runs on a tree seeded by `seed_scale` (a small one is enough: the members go to its first 200
cells). Generates a workbook in the template's format (the member sheet, 11 columns) of
--members new members, then times, each in a fresh step:

1. openpyxl's read-only reader iterating every row (what the import read with before issue 20);
2. `read_workbook` (the checks before parsing, then calamine): the floor of the import;
3. the whole import, read + plan + apply in one transaction (`import_workbook`, as the web
   import and the import job run it; members created in bulk with their audit rows);
4. the same file again, which changes nothing;
5. a file changing every one of those members (their names): bulk UPDATEs and audit rows.

Reports seconds and rows per second, of wall time and of the process's CPU time (which the
other processes of a shared machine move less; on PostgreSQL the server's own work is not in
it), and the process's peak resident memory. The database is left
with the members (use a throwaway database).
"""

import argparse
import datetime
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
from django.db import connection  # noqa: E402

from organizations import spreadsheets  # noqa: E402
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
    return result


def import_file(data):
    plan = spreadsheets.import_workbook(source=data, user=None, name="bench.xlsx")
    assert plan.applied, [str(error) for error in plan.errors[:5]]
    return plan


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--root-code", default="SCALE")
    options = parser.parse_args()

    root = Organization.objects.get(code=options.root_code)
    cells = list(
        Organization.objects.in_subtree(root)
        .filter(kind__holds_members=True)
        .values_list("code", flat=True)[:200]
    )
    started = time.perf_counter()
    prefix = f"IMP{int(time.time())}-"
    data = members_workbook(cells, options.members, prefix=prefix)
    out(
        f"{connection.vendor} · {Member.objects.count():,} members before · workbook of "
        f"{options.members:,} members, {len(data) / 1024 / 1024:.1f} MB, written in "
        f"{time.perf_counter() - started:.1f} s"
    )
    rows = options.members
    assert timed("read, openpyxl read-only (before issue 20)", rows, lambda: openpyxl_rows(data))
    parsed = timed("read_workbook (checks + calamine)", rows, lambda: spreadsheets.read_workbook(
        source=data))  # fmt: skip
    assert len(parsed.sheets["members"].rows) == rows
    del parsed
    plans = [timed("whole import, new members", rows, lambda: import_file(data))]
    plans.append(timed("whole import again, unchanged", rows, lambda: import_file(data)))
    changed = members_workbook(cells, options.members, prefix=prefix, name="Trần Thị Bình Minh")
    plans.append(timed("whole import, every member changed", rows, lambda: import_file(changed)))
    counted = [plan.counts["members"][count] for plan, count in zip(
        plans, ("created", "unchanged", "updated"), strict=True)]  # fmt: skip
    assert counted == [rows] * 3, counted


if __name__ == "__main__":
    main()
