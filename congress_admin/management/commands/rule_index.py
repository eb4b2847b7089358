"""Write (or check) the index at the end of docs/domain-rules.md: for each rule of the book,
where the code enforces or cites it and which tests name it.

    manage.py rule_index            # rewrite the index section
    manage.py rule_index --check    # exit 1 when the index is out of date or the code cites a
                                    # rule id the book does not have
"""

import re
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from congress_admin.packages import CODE_PACKAGES

RULE_ID = re.compile(r"\bR-[A-Z]{2,4}-\d{2}[a-z]?\b")
BOOK = Path(settings.BASE_DIR) / "docs" / "domain-rules.md"
RULE_BULLET = re.compile(r"^\* \*\*(R-[A-Z]{2,4}-\d{2}[a-z]?)\*\*(.*?)(?=^\* |^#|\Z)", re.M | re.S)
MARKER = "## Index: where each rule lives"
# Application code and templates (the project package included); tests apart.
CODE_ROOTS = [*CODE_PACKAGES, "templates"]


def _files(root, patterns):
    base = Path(settings.BASE_DIR) / root
    for pattern in patterns:
        for path in sorted(base.rglob(pattern)):
            if "migrations" not in path.parts and "__pycache__" not in path.parts:
                yield path


def cited_ids(roots, patterns=("*.py", "*.html")):
    """{rule id: sorted relative paths citing it}."""
    found = defaultdict(set)
    for root in roots:
        for path in _files(root, patterns):
            text = path.read_text(encoding="utf-8")
            for rule in set(RULE_ID.findall(text)):
                found[rule].add(str(path.relative_to(settings.BASE_DIR)))
    return {rule: sorted(paths) for rule, paths in found.items()}


def book_rules(text):
    """The rules the book defines ("* **R-XX-nn**" bullets), in order, with their status."""
    rules = []
    for match in RULE_BULLET.finditer(text):
        rule, body = match.group(1), match.group(2)
        tags = [tag for tag in ("C", "I", "U") if re.search(rf"\[{tag}\b", body)]
        rules.append((rule, ", ".join(tags) or "—"))
    return rules


def render_index(rules, code, tests):
    lines = [
        MARKER,
        "",
        "Made by `manage.py rule_index` from the code and the tests; `tests/test_rule_book.py`",
        "fails when it is out of date or when code or tests cite an id this book does not define.",
        '"Enforced or cited in" lists the application modules and templates that name the rule;',
        "a rule with none is not implemented yet.",
        "",
        "| rule | tags (C confirmed, I inferred, U unresolved) | enforced or cited in | tests |",
        "| --- | --- | --- | --- |",
    ]
    for rule, status in rules:
        where = ", ".join(f"`{path}`" for path in code.get(rule, [])) or "—"
        tested = ", ".join(f"`{path}`" for path in tests.get(rule, [])) or "—"
        lines.append(f"| {rule} | {status} | {where} | {tested} |")
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Write or check the index of docs/domain-rules.md (where each rule is enforced)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="fail when out of date")

    def handle(self, *args, check=False, **options):
        text = BOOK.read_text(encoding="utf-8")
        head = text.split(MARKER)[0].rstrip() + "\n\n"
        rules = book_rules(head)
        defined = {rule for rule, _status in rules}
        code = cited_ids(CODE_ROOTS)
        tests = cited_ids(["tests"], ("*.py",))
        unknown = sorted((set(code) | set(tests)) - defined)
        if unknown:
            raise CommandError(
                "cited but not defined in docs/domain-rules.md: " + ", ".join(unknown)
            )
        wanted = head + render_index(rules, code, tests)
        if check:
            if wanted != text:
                raise CommandError("docs/domain-rules.md's index is out of date: run rule_index")
            return
        BOOK.write_text(wanted, encoding="utf-8")
        self.stdout.write(f"{len(rules)} rules indexed in {BOOK.relative_to(settings.BASE_DIR)}")
