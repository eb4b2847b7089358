"""bench/imports.py runs: a workbook in the template's format read alone, imported new,
again unchanged and with every member changed; then another planned to the end before it is
written (`apply`: the writes alone). The figures of docs/benchmarks.md come from the full
run, 50,000 members and more."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_imports_benchmark_runs_clean(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL"}
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    for command in (
        ["manage.py", "migrate", "-v0"],
        ["manage.py", "seed_scale", "--districts", "1", "--grassroots", "2", "--cells", "4",
         "--members", "10"],
    ):  # fmt: skip
        subprocess.run([sys.executable, *command], cwd=ROOT, env=env, check=True)
    result = subprocess.run(
        [sys.executable, "bench/imports.py", "--members", "300"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "workbook of 300 members" in lines[0]
    assert [line.split("  ")[0] for line in lines[1:] if not line.startswith(" ")] == [
        "read, openpyxl read-only (before issue 20)",
        "read_workbook (checks + calamine)",
        "the job's check (read + plan, dry run)",
        "whole import, new members",
        "whole import again, unchanged",
        "whole import, every member changed",
    ]
    gaps = [line for line in lines if line.startswith("  longest without a progress update")]
    assert len(gaps) == 4, result.stdout
    assert "saving by" in gaps[1]  # the new members' commit heard, as the job's page hears it

    planned_first = subprocess.run(
        [sys.executable, "bench/imports.py", "--members", "300", "--steps", "apply",
         "--prefix", "APPLY-"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert planned_first.returncode == 0, planned_first.stdout + planned_first.stderr
    lines = planned_first.stdout.splitlines()
    assert lines[1].startswith("whole import, new members, planned then written")
    assert lines[-1].startswith("  planned to the end by "), planned_first.stdout
    assert "the writes alone (from the finished plan to the commit)" in lines[-1]
