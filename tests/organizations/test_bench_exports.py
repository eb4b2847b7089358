"""bench/exports.py runs: the direct export, the same streamed into a file and the export job
give the same bytes (the figures of docs/benchmarks.md come from the 50,000-member run)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_exports_benchmark_runs_clean(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL"}
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    env["MEDIA_ROOT"] = str(tmp_path / "media")
    for command in (
        ["manage.py", "migrate", "-v0"],
        ["manage.py", "seed_scale", "--districts", "1", "--grassroots", "2", "--cells", "4",
         "--members", "30"],
    ):  # fmt: skip
        subprocess.run([sys.executable, *command], cwd=ROOT, env=env, check=True)
    result = subprocess.run(
        [sys.executable, "bench/exports.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "30 members" in lines[0]
    assert [line.split(":")[0] for line in lines[1:4]] == [
        "direct export (bytes)",
        "streamed into a file",
        "export job",
    ]
    assert lines[4].endswith("identical bytes: True")
