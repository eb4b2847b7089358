"""The layers of docs/architecture.md hold: import-linter's contract in pyproject.toml is kept.

CI runs `lint-imports` as its own step; this test makes `./dev test` fail on a violation too.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_imports_respect_the_layers():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    assert lint_imports.exists(), "import-linter is a dev dependency: pip install -e '.[dev]'"
    result = subprocess.run(
        [str(lint_imports), "--no-cache", "--no-logo", "pyproject.toml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
