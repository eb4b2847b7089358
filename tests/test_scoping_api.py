"""One scoping API: a query is scoped to a subtree or to a user through the querysets
(`in_subtree(organization)`, `visible_to(user)`, `writable_by(user)`, organizations.querysets),
never by a path filter assembled by hand.

Only the querysets, `organizations.access` (which owns scope) and `core.paths` (the range
itself) may write the raw forms: a path range (`subtree_q(`), a user's granted ranges
(`visible_path_q(`, `writable_path_q(`, `granted_path_q(`), or a lookup on a path copy
(`org_path__...`, `...path__startswith`, `...path__gte`...).
"""

import re
from pathlib import Path

from congress_admin.packages import CODE_PACKAGES

ROOT = Path(__file__).resolve().parent.parent
APPS = CODE_PACKAGES
ALLOWED = {"organizations/access.py", "core/paths.py"}
RAW_SCOPE = re.compile(
    r"\b(?:subtree_q|visible_path_q|writable_path_q|granted_path_q)\("
    r"|\borg_path__\w+"
    r"|\w*path__(?:startswith|istartswith|gte|gt|lte|lt|range)\b"
)


def raw_scope_filters(root=ROOT):
    """["path:line: text"] of every raw scope filter in the apps' code."""
    found = []
    for app in APPS:
        for path in sorted((Path(root) / app).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            parts = path.relative_to(root).parts
            if "migrations" in parts or "tests" in parts or path.name == "querysets.py":
                continue
            if relative in ALLOWED:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if RAW_SCOPE.search(line):
                    found.append(f"{relative}:{number}: {line.strip()}")
    return found


def test_the_pattern_catches_each_raw_form():
    for line in [
        'Member.objects.filter(subtree_q(organization.path, "org_path"))',
        "Congress.objects.filter(access.visible_path_q(user, 'org_path'))",
        "Organization.objects.filter(access.writable_path_q(request.user))",
        "AuditEvent.objects.filter(access.granted_path_q(user, 'organization_path', roles))",
        "Rating.objects.filter(org_path__startswith=quan_10.path)",
        "Organization.objects.filter(path__startswith=organization.path)",
        "WorkingGroup.objects.filter(Q(owner_path__startswith=organization.path))",
        'Congress.objects.filter(org_path__in=["0001"])',
    ]:
        assert RAW_SCOPE.search(line), line
    for line in [
        "Member.objects.in_subtree(organization)",
        'rows.order_by("org_path", "code")',
        "Organization.objects.filter(path__in=ancestors)",
    ]:
        assert not RAW_SCOPE.search(line), line


def test_scope_is_only_assembled_by_the_querysets_and_access():
    found = raw_scope_filters()
    assert not found, "Scope by hand; use in_subtree / visible_to / writable_by:\n" + "\n".join(
        found
    )
