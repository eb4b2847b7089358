"""Fuzzing every form view: hypothesis draws submissions from the permission matrix's valid
payloads with some fields replaced by hostile values (Vietnamese text in NFC and NFD, huge and
empty values, malformed dates and numbers, NUL bytes, formula and markup text, ids of objects
outside the user's scope), every form URL in turn. Whatever arrives: no 5xx, and a refused
submission (the form shown again) changes nothing. FUZZ_EXAMPLES sets the examples per URL
(25 in the suite; a longer run: FUZZ_EXAMPLES=500 ./dev test tests/test_fuzz_forms.py)."""

import os
import unicodedata

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_permissions import (  # noqa: F401 - `world` is a fixture
    URLS,
    make_user,
    snapshot,
    target_url,
    world,
)

pytestmark = pytest.mark.django_db

VIETNAMESE = "Nguyễn Thị Hằng Đảng bộ phường Xuân La ướt ỷ Ấ"
HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "x" * 10_000,
    VIETNAMESE,
    unicodedata.normalize("NFD", VIETNAMESE),
    '=HYPERLINK("http://example.com")',
    "<script>alert(1)</script>",
    "'; DROP TABLE organizations_member; --",
    "31/02/2020",
    "2020-13-45",
    "00/00/0000",
    "99/99/99999",
    "-1",
    "0",
    "1.5",
    "99999999999999999999999",
    "NaN",
    "１２",  # full-width digits
]
POSTABLE = sorted(name for name, case in URLS.items() if case.post is not None)


def outside_ids(world):  # noqa: F811
    """Primary keys of objects at the "other" position: out of the user's scope."""
    return [
        str(objects["other"].pk)
        for objects in (world[key] for key in ("organizations", "members", "congresses"))
        if objects.get("other") is not None
    ]


@pytest.mark.parametrize("name", POSTABLE)
@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(data=st.data())
def test_form_views_survive_hostile_submissions(client, world, name, data):  # noqa: F811
    case = URLS[name]
    url = target_url(name, case, world, "own")
    if url is None:
        return
    payload = dict(case.post(world, "own"))
    values = st.one_of(
        st.sampled_from(HOSTILE + outside_ids(world)),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    )
    if payload:
        fuzzed = data.draw(
            st.lists(st.sampled_from(sorted(payload)), min_size=1, unique=True), label="fields"
        )
        for key in fuzzed:
            payload[key] = data.draw(values, label=key)
    # Keys some views read straight from POST, with the values that pick their branches.
    branches = st.sampled_from(["remove", "add", "plan", "counting", "key_post", "ballot"])
    extra = data.draw(
        st.dictionaries(
            st.sampled_from(["version", "page", "action", "form", "candidate", "commendation"]),
            st.one_of(values, branches),
            max_size=3,
        ),
        label="extra",
    )
    payload.update(extra)
    with transaction.atomic():
        client.force_login(make_user(world, "staff"))
        before = snapshot()
        response = client.post(url, payload)
        assert response.status_code < 500, (name, payload)
        if response.status_code in (400, 403, 404) or (
            response.status_code == 200 and case.post_status == 302
        ):
            assert snapshot() == before, (name, payload, response.status_code)
        transaction.set_rollback(True)
