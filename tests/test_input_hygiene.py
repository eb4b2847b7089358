"""Issue 21, item 7: text with control, bidi or invalid characters and implausible dates are
refused with a message naming the field, in every form and in the spreadsheet import."""

import datetime
import sys
import unicodedata
from urllib.parse import urlencode

import pytest
from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from core import text
from core.forms import BirthDateField, BootstrapForm, NormalizedCharField
from core.text import unsafe_character
from organizations.models import Member
from tests.factories import OrganizationFactory, UserFactory
from tests.organizations.test_spreadsheets import errors, member_row, run, xlsx


class Form(BootstrapForm):
    code = NormalizedCharField(label="code", max_length=40, required=False)
    query = forms.CharField(label="query", max_length=100, required=False)
    note = forms.CharField(label="note", required=False, widget=forms.Textarea)
    held_on = forms.DateField(label="held on", required=False)
    birth_date = BirthDateField(label="date of birth", required=False)


@pytest.mark.parametrize(
    ("value", "multiline", "expected"),
    [
        ("Nguyễn Thị Hòa", False, None),
        ("HN\u202e01", False, ("\u202e", "bidi")),
        ("a\u2066b", True, ("\u2066", "bidi")),
        ("a\u200fb", True, ("\u200f", "bidi")),
        ("a\u061cb", True, ("\u061c", "bidi")),
        ("L\ufffd", True, ("\ufffd", "invalid")),
        ("a\x07b", True, ("\x07", "control")),
        ("a\x85b", True, ("\x85", "control")),
        ("a\nb", False, ("\n", "control")),
        ("a\r\nb\tc", True, None),
    ],
)
def test_unsafe_characters_are_found(value, multiline, expected):
    assert unsafe_character(value, multiline=multiline) == expected


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "code",
            "HN\u202e01",
            "Code chứa ký tự điều khiển hướng văn bản (U+202E), không được phép: "
            "ký tự này làm văn bản hiển thị khác với nội dung được lưu.",
        ),
        (
            "note",
            "ghi chú \ufffd",
            "Note chứa ký tự không hợp lệ (U+FFFD): văn bản gửi lên không phải UTF-8 hợp lệ. "
            "Hãy nhập lại.",
        ),
        ("query", "a\x1bb", "Query chứa ký tự điều khiển (U+001B), không được phép."),
        ("query", "a\tb", "Query chứa ký tự điều khiển (U+0009), không được phép."),
        ("code", "a\x1fb", "Code chứa ký tự điều khiển (U+001F), không được phép."),
    ],
)
def test_text_fields_refuse_unsafe_characters_naming_the_field(field, value, message):
    form = Form(data={field: value})

    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_line_breaks_pass_in_a_textarea_and_become_spaces_in_a_normalised_field():
    form = Form(data={"note": "dòng 1\r\ndòng 2\tx", "code": "HN\t01\n"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["note"] == "dòng 1\r\ndòng 2\tx"
    assert form.cleaned_data["code"] == "HN 01"


def test_invalid_utf8_in_a_request_is_refused_not_stored_as_replacement_characters():
    data = QueryDict("code=L%E9&note=%FF%FE", encoding="utf-8")  # Latin-1 bytes, sent encoded

    form = Form(data=data)

    assert not form.is_valid()
    assert set(form.errors) == {"code", "note"}
    assert "U+FFFD" in form.errors["code"][0]


@pytest.mark.parametrize("value", ["31/12/9999", "01/01/0001", "31/12/1899", "01/01/2101"])
def test_dates_outside_the_plausible_range_are_refused(value):
    form = Form(data={"held_on": value})

    assert not form.is_valid()
    assert form.errors["held_on"] == ["Held on phải nằm trong khoảng từ 01/01/1900 đến 31/12/2100."]


def test_a_date_of_birth_in_the_future_is_refused():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    form = Form(data={"birth_date": tomorrow.strftime("%d/%m/%Y"), "held_on": "01/01/2030"})

    assert not form.is_valid()
    assert form.errors == {"birth_date": ["Date of birth không được ở tương lai."]}


def test_plausible_dates_pass():
    form = Form(data={"birth_date": "01/01/1900", "held_on": "31/12/2100"})

    assert form.is_valid(), form.errors


@pytest.mark.django_db
def test_member_form_refuses_a_bidi_override_in_the_code_and_a_birth_date_of_9999(client, tree):
    cell = OrganizationFactory(code="HN-TH-P07-CB1", parent=tree["xuan_la"])
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    values = {
        "code": "DV\u202e1000",
        "full_name": "Nguyễn Thị Hòa",
        "gender": "female",
        "birth_date": "31/12/9999",
        "ethnicity": "Kinh",
        "admitted_on": "13/04/1995",
        "official_on": "",
        "organization": cell.pk,
    }

    response = client.post(
        reverse("organizations:member-create", args=[cell.pk]),
        urlencode(values),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"code", "birth_date"}
    assert Member.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "column", "message"),
    [
        (
            {"full_name": "Lê Thị\u202e Mai"},
            "Họ và tên",
            "Họ và tên chứa ký tự điều khiển hướng văn bản (U+202E), không được phép: "
            "ký tự này làm văn bản hiển thị khác với nội dung được lưu.",
        ),
        (
            {"ethnicity": "Kinh\ufffd"},
            "Dân tộc",
            "Dân tộc chứa ký tự không hợp lệ (U+FFFD): văn bản gửi lên không phải UTF-8 hợp lệ. "
            "Hãy nhập lại.",
        ),
        (
            {"birth_date": "31/12/9999"},
            "Ngày sinh",
            "Ngày sinh không được ở tương lai.",
        ),
        (
            {"admitted_on": "31/12/9999"},
            "Ngày vào Đảng",
            "Ngày vào Đảng phải nằm trong khoảng từ 01/01/1900 đến 31/12/2100.",
        ),
        (
            {"birth_date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()},
            "Ngày sinh",
            "Ngày sinh không được ở tương lai.",
        ),
    ],
)
def test_the_import_refuses_unsafe_text_and_implausible_dates_per_cell(
    tree, overrides, column, message
):
    OrganizationFactory(code="HN-TH-P07-CB1", parent=tree["xuan_la"])

    plan = run(xlsx(members=[member_row("DV001", "HN-TH-P07-CB1", **overrides)]))

    assert errors(plan) == [f"Trang tính Đảng viên, dòng 2, cột {column}: {message}"]
    assert Member.objects.count() == 0


def test_search_keys_drop_every_combining_mark_as_the_character_loop_did():
    """search_key drops marks with a translate table built over the first two planes; no
    combining character lies above them, and the keys are those of the loop it replaced."""
    above = range(text._MARKS_END, sys.maxunicode + 1)
    assert [point for point in above if unicodedata.combining(chr(point))] == []
    names = ["Nguyễn Thị Hòa", "Hoà", "ĐẶNG Văn Ất", "Y\u0301 Lan", "Ê Đê ngữ"]
    assert [text.search_key(name) for name in names] == [
        "nguyen thi hoa", "hoa", "dang van at", "y lan", "e de ngu"
    ]  # fmt: skip
