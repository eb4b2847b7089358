"""Issue 18, item 15: headings and labels start with a capital, whatever the case of the
msgid (form labels are lower case so they can sit inside a sentence)."""

import re
from pathlib import Path

from django.conf import settings

LOWER_CASE_HEADING = re.compile(
    r'<(th|label)(?![^>]*visually-hidden)[^>]*>\{% translate "[a-z][^"]*" %\}</\1>'
)


def test_no_table_heading_or_label_starts_in_lower_case():
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)}"
        for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html")
        for match in LOWER_CASE_HEADING.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
