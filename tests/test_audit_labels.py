"""Issue 18, item 15: the audit log says what happened in words, not action codes."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from audit.actions import ACTION_LABELS
from core.audit import record_audit
from tests.factories import UserFactory


@pytest.mark.django_db
def test_the_audit_log_shows_actions_in_words(client, tree):
    record_audit(actor=None, action="member.created", target=tree["tay_ho"],
                 organization_path=tree["tay_ho"].path)  # fmt: skip
    client.force_login(UserFactory(scope=tree["tay_ho"], role="admin"))

    page = client.get(reverse("audit:event-list")).content.decode()

    assert '<td title="member.created">Thêm đảng viên</td>' in page


def test_every_action_code_written_has_a_label():
    """Any "x.y" action a service writes (record_audit, audit_event, the admin's _record)."""
    pattern = re.compile(r'(?:action=|_record\(request, )"([a-z_]+\.[a-z_]+)"')
    codes = set()
    for path in Path(settings.BASE_DIR).glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        codes.update(pattern.findall(path.read_text(encoding="utf-8")))
    assert codes
    assert codes - set(ACTION_LABELS) == set()
