"""Fuzzing every form view: hypothesis draws submissions from the permission matrix's valid
payloads with some fields replaced by hostile values (Vietnamese text in NFC and NFD, huge and
empty values, malformed dates and numbers, NUL bytes, formula and markup text, ids of objects
outside the user's scope), every form URL in turn. Whatever arrives: no 5xx, and a refused
submission (the form shown again) changes nothing. FUZZ_EXAMPLES sets the examples per URL
(25 in the suite; a longer run: FUZZ_EXAMPLES=500 ./dev test tests/test_fuzz_forms.py)."""

import datetime
import os
import re
import unicodedata

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from congress_day.models import Vote
from congresses.choices import Stage
from congresses.models import Congress
from organizations.models import Member
from tests.test_permissions import (  # noqa: F401 - `world` is a fixture
    URLS,
    before_change,
    make_user,
    sign_in,
    snapshot,
    target_url,
    world,
)

PAPER_VOTE = "congress_day:programme"
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
    "HN\u202e10-VD",  # a right-to-left override
    "Nguy\ufffdn",  # what invalid UTF-8 decodes to
    "a\x1bb",  # a control character
    "31/12/9999",
    "01/01/0001",
]
# Numbers no column holds, or that are no numbers at all: each was a 500 somewhere.
EXTREME_NUMBERS = ["NaN", "Infinity", "-Infinity", str(2**63), str(-(2**63)), str(10**30)]
HOSTILE += EXTREME_NUMBERS
POSTABLE = sorted(name for name, case in URLS.items() if case.post is not None)
# Fields the matrix's valid payloads leave out (optional there), fuzzed too: a valid value.
OPTIONAL_FIELDS = {
    # The day the congress voted (today in session; required, from the paper minutes, once
    # the congress is held).
    "congress_day:programme": lambda: {"voted_on": timezone.localdate().strftime("%d/%m/%Y")},
}


def outside_ids(world):  # noqa: F811
    """Primary keys of objects at the "other" position, out of the user's scope, and the codes
    and names a picker (core.pickers) would take for them."""
    other_member, other_organization = world["members"]["other"], world["organizations"]["other"]
    return [
        str(objects["other"].pk)
        for objects in (world[key] for key in ("organizations", "members", "congresses"))
        if objects.get("other") is not None
    ] + [
        other_member.code,
        other_member.full_name,
        other_organization.code,
        other_organization.name,
        f"{other_organization.code}, {other_member.code}",
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
    payload = dict(case.post(world, "own")) | OPTIONAL_FIELDS.get(name, dict)()
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
    branches = st.sampled_from(
        ["remove", "add", "plan", "counting", "counting_account", "key_post", "ballot"]
    )
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
        user = sign_in(client, world, "staff")
        if case.prepare:
            case.prepare(world, "own", user)
        before = before_change(world, case)
        response = client.post(url, payload)
        assert response.status_code < 500, (name, payload)
        if response.status_code in (400, 403, 404) or (
            response.status_code == 200 and case.post_status == 302
        ):
            assert snapshot() == before, (name, payload, response.status_code)
        transaction.set_rollback(True)


# Number fields the matrix's valid payloads leave out (optional, or named by a row's key).
EXTRA_NUMBER_FIELDS = {
    "recognition:rating-grid": lambda objects: [
        f"score-{Member.objects.in_subtree(objects['organizations']['own']).first().pk}"
    ],
    "personnel:candidate-edit": lambda objects: ["nomination_agreed", "nomination_present"],
    "personnel:ballot-detail": lambda objects: ["nomination_agreed", "nomination_present"],
    "reports:job-request": lambda objects: ["year", "congress", "group"],
}


def number_fields(name, payload, world):  # noqa: F811
    numeric = [
        key
        for key, value in payload.items()
        if isinstance(value, int) or re.fullmatch(r"-?\d+([.,]\d+)?", str(value))
    ]
    extra = EXTRA_NUMBER_FIELDS.get(name, lambda objects: [])(world)
    return sorted(set(numeric) | set(extra))


@pytest.mark.parametrize("name", POSTABLE)
def test_every_number_field_refuses_numbers_no_column_holds(client, world, name):  # noqa: F811
    """Not left to chance: every number field of every form, one at a time, with each extreme
    value (NaN, ±Infinity, ±2^63, 10^30) while the rest of the form is valid."""
    case = URLS[name]
    url = target_url(name, case, world, "own")
    if url is None:
        return
    valid = dict(case.post(world, "own"))
    user = sign_in(client, world, "staff")
    for key in number_fields(name, valid, world):
        for value in EXTREME_NUMBERS:
            with transaction.atomic():
                if case.prepare:
                    case.prepare(world, "own", user)
                before = before_change(world, case)
                response = client.post(url, valid | {key: value})
                assert response.status_code < 500, (name, key, value)
                if response.status_code != case.post_status or case.post_status == 200:
                    assert snapshot() == before, (name, key, value, response.status_code)
                transaction.set_rollback(True)


PAPER_DAYS = {
    "impossible": lambda first, last: "31/02/2020",
    "before the congress": lambda first, last: f"{first - datetime.timedelta(days=1):%d/%m/%Y}",
    "after its session": lambda first, last: f"{last + datetime.timedelta(days=1):%d/%m/%Y}",
}


@pytest.mark.parametrize("confirmed", ["", "True"])
@pytest.mark.parametrize("bad", sorted(PAPER_DAYS))
def test_a_paper_vote_with_a_bad_date_is_refused_under_its_field(
    client,
    world,  # noqa: F811
    bad,
    confirmed,
):
    """A held congress's vote from its paper minutes (the programme page, congress_day.Vote
    .voted_on): a date that is none, before the congress or after its session is answered on
    the form, under the field, in Vietnamese, naming it; nothing is written."""
    congress = world["congresses"]["own"]
    first = congress.started_on
    last = first + datetime.timedelta(days=1)
    Congress.objects.filter(pk=congress.pk).update(stage=Stage.HELD, ended_on=last, held_on=last)
    client.force_login(make_user(world, "staff"))
    payload = URLS[PAPER_VOTE].post(world, "own") | {
        "voted_on": PAPER_DAYS[bad](first, last),
        "confirmed": confirmed,
    }
    before = snapshot()

    response = client.post(target_url(PAPER_VOTE, URLS[PAPER_VOTE], world, "own"), payload)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["voted_on"]
    assert "ngày biểu quyết" in errors["voted_on"][0].lower()
    assert errors["voted_on"][0] in response.content.decode()
    assert snapshot() == before
    assert not Vote.objects.filter(congress=congress).exists()
