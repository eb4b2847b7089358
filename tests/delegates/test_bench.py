"""bench/delegates.py runs: a small city, the allocation adds up to its seats, the credentials
report counts the whole roll, and no run changes its number of queries (the figures of
docs/benchmarks.md come from the full run)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_delegates_benchmark_runs_clean(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL"}
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    result = subprocess.run(
        [sys.executable, "bench/delegates.py", "--districts", "5", "--seats", "60",
         "--roll", "80", "--repeat", "3"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 districts, 60 seats; a roll of 80 members" in result.stdout
