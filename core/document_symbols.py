"""A party document's kind, read from its number and symbol (R-RP-11): "2150-CV/TU" is an
official letter (công văn), "1024-QĐ/QU" a decision (quyết định). So that an approval
recorded by its number is printed as what it is ("công văn số 2150-CV/TU"), not always as a
decision."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

# The type abbreviations in party documents' symbols (Quy định 66-QĐ/TW, Hướng dẫn
# 36-HD/VPTW) [I: from their list, to confirm]. A symbol not listed names no kind.
KINDS = {
    "NQ": pgettext_lazy("document kind", "resolution"),
    "QĐ": pgettext_lazy("document kind", "decision"),
    "QĐi": pgettext_lazy("document kind", "regulation"),
    "CT": pgettext_lazy("document kind", "directive"),
    "KL": pgettext_lazy("document kind", "conclusion"),
    "QC": pgettext_lazy("document kind", "rules"),
    "HD": pgettext_lazy("document kind", "guidance"),
    "BC": pgettext_lazy("document kind", "report"),
    "KH": pgettext_lazy("document kind", "plan"),
    "CTr": pgettext_lazy("document kind", "programme"),
    "TB": pgettext_lazy("document kind", "notice"),
    "TT": pgettext_lazy("document kind", "circular"),
    "TTr": pgettext_lazy("document kind", "submission"),
    "CV": pgettext_lazy("document kind", "official letter"),
    "BB": pgettext_lazy("document kind", "minutes"),
    "ĐA": pgettext_lazy("document kind", "project"),
    "CĐ": pgettext_lazy("document kind", "telegram"),
}
_BY_CAPITALS = {abbreviation.upper(): kind for abbreviation, kind in KINDS.items()}
# "2150-CV/TU", "Số 1024-QĐ/QU", "12-QĐi/TU": the letters between the number's "-" and the
# issuer's "/".
_SYMBOL = re.compile(r"-\s*([^\W\d_]+)\s*/")


def document_kind(number):
    """The kind of document `number` (its number and symbol) names, else "document"."""
    match = _SYMBOL.search(number or "")
    if match:
        abbreviation = match.group(1)
        kind = KINDS.get(abbreviation) or _BY_CAPITALS.get(abbreviation.upper())
        if kind:
            return kind
    return pgettext_lazy("document kind", "document")


def approval_sentence(*, body, number, date):
    """ "Approved by Thành ủy …, official letter 2150-CV/TU of 30/06/2020." (`date` as
    text); a dash for what is not given."""
    return _("Approved by %(body)s, %(kind)s %(number)s of %(date)s.") % {
        "body": body or "—",
        "kind": document_kind(number),
        "number": number or "—",
        "date": date or "—",
    }
