"""Module and function sizes of the application code (issue 14, item 4).

Counts every .py file of the app packages outside migrations and tests: the largest modules
(`wc -l`'s lines) and the median function length, a function being every FunctionDef and
AsyncFunctionDef (nested ones and methods included) measured as end_lineno - lineno + 1
(decorators not counted, docstring and body included).

    .venv/bin/python bench/module_sizes.py
"""

import ast
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from congress_admin.packages import CODE_PACKAGES

APPS = CODE_PACKAGES
ROOT = Path(__file__).resolve().parent.parent


def app_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts and "tests" not in path.parts:
                yield path


def function_lengths(path):
    tree = ast.parse(path.read_text())
    return [
        node.end_lineno - node.lineno + 1
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def main():
    sizes = sorted(
        ((len(path.read_text().splitlines()), path.relative_to(ROOT)) for path in app_files()),
        reverse=True,
    )
    for lines, path in sizes[:10]:
        print(f"{lines:6d}  {path}")  # noqa: T201
    lengths = [length for path in app_files() for length in function_lengths(path)]
    print(  # noqa: T201
        f"{len(lengths)} functions, median {statistics.median(lengths)} lines, "
        f"largest module {sizes[0][0]} lines"
    )


if __name__ == "__main__":
    main()
