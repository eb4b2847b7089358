"""Spreadsheet export at scale: the direct export against the export job (issue 20, item 5).

    DATABASE_URL=sqlite:////tmp/bench-exports.sqlite3 .venv/bin/python bench/exports.py \
        [--root-code SCALE]

Runs on a tree seeded by `seed_scale` (e.g. `--districts 2 --grassroots 10 --cells 200
--members 50000`). Times, each once: the export of the root's subtree as the request writes it
(`export_workbook`, bytes in memory), the same streamed into a temporary file, and the export
job (`run_export_job`: counts, rows written reported every 1,000 rows, the file saved through
the default storage), then checks the three give the same bytes. Reports seconds, rows per
second and the process's peak resident memory after each step (cumulative). Leaves a user,
a role grant and a job behind (use a throwaway database).
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_admin.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from organizations import export_jobs, spreadsheets  # noqa: E402
from organizations.models import ExportJob, Organization, RoleGrant  # noqa: E402


def out(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label, rows, function):
    start = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - start
    out(f"{label}: {seconds:.1f} s · {rows / seconds:,.0f} rows/s · peak {peak_mib():.0f} MiB")
    return result


def streamed(root):
    with tempfile.TemporaryFile() as output:
        spreadsheets.export_workbook(root=root, target=output)
        output.seek(0)
        return output.read()


def job_bytes(root):
    user, _created = get_user_model().objects.get_or_create(username="bench-export")
    RoleGrant.objects.get_or_create(user=user, role="staff", organization=root)
    job = ExportJob.objects.create(requested_by=user, organization=root, language="vi")
    job = export_jobs.run_export_job(job_id=job.pk)
    with job.file.open("rb") as stored:
        return stored.read()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root-code", default="SCALE")
    options = parser.parse_args()
    root = Organization.objects.get(code=options.root_code)
    organizations, members = spreadsheets.export_rows(root)
    rows = organizations + members
    out(f"{organizations:,} organizations, {members:,} members · peak {peak_mib():.0f} MiB")
    direct = timed("direct export (bytes)", rows, lambda: spreadsheets.export_workbook(root=root))
    to_file = timed("streamed into a file", rows, lambda: streamed(root))
    from_job = timed("export job", rows, lambda: job_bytes(root))
    out(f"file {len(direct) / 2**20:.1f} MiB · identical bytes: {direct == to_file == from_job}")
    return 0 if direct == to_file == from_job else 1


if __name__ == "__main__":
    sys.exit(main())
