"""A document's kind read from its number and symbol (R-RP-11, core.document_symbols)."""

import pytest
from django.utils import translation

from core.document_symbols import approval_sentence, document_kind


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("2150-CV/TU", "công văn"),
        ("1024-QĐ/QU", "quyết định"),
        ("12-QĐi/TU", "quy định"),  # not a decision: "QĐi" is its own kind
        ("248-TB/TU", "thông báo"),
        ("Số 01-CTr/ĐH", "chương trình"),
        ("45-CT/TW", "chỉ thị"),
        ("07 - TTr/QU", "tờ trình"),  # spaces typed around the dash
        ("248-tb/tu", "thông báo"),  # typed in small letters
        ("115-XY/QU", "văn bản"),  # a symbol not in the list names no kind
        ("2150", "văn bản"),
        ("", "văn bản"),
        (None, "văn bản"),
    ],
)
def test_the_kind_is_read_from_the_symbol(number, kind):
    with translation.override("vi"):
        assert str(document_kind(number)) == kind


def test_the_approval_sentence_names_the_kind_in_both_languages():
    given = {"body": "Thành ủy Thành phố Hồ Chí Minh", "number": "2150-CV/TU", "date": "30/06/2020"}
    with translation.override("vi"):
        assert approval_sentence(**given) == (
            "Đã được Thành ủy Thành phố Hồ Chí Minh phê duyệt, công văn số 2150-CV/TU ngày "
            "30/06/2020."
        )
        assert approval_sentence(body="", number="", date="") == (
            "Đã được — phê duyệt, văn bản số — ngày —."
        )
    with translation.override("en"):
        assert approval_sentence(**given) == (
            "Approved by Thành ủy Thành phố Hồ Chí Minh, official letter 2150-CV/TU of 30/06/2020."
        )
