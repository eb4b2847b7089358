"""Filters of the PDF templates: figures kept with their units, document symbols whole."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

NBSP = "\u00a0"
# "23,08 %", "≥ 15", "53/53": a number never separates from its "%" or from a sign before it.
PERCENT = re.compile(r"(\d) (%)")
SIGN = re.compile(r"([≥≤<>=]) (\d)")
# A document's number and symbol ("11-HD/QU", "2150-CV/TU", "01-CTr/ĐH", "-BC/QU" before it is
# numbered): a line may break after "-" or "/", so the symbol is set in a span that never wraps.
SYMBOL = re.compile(r"(?<![\w/-])\d*-[A-ZĐ][A-Za-zĐ]*(?:/[A-ZĐ][A-Za-zĐ0-9]*)+")


@register.filter
def keep_units(value):
    """`value`, escaped, with non-breaking spaces before "%" and after "≥"/"≤", and each
    document symbol in a `keep` span (white-space: nowrap)."""
    text = escape(SIGN.sub(rf"\1{NBSP}\2", PERCENT.sub(rf"\1{NBSP}\2", str(value))))
    return mark_safe(SYMBOL.sub(r'<span class="keep">\g<0></span>', text))  # escaped above
