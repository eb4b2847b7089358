"""Filters of the PDF templates: figures kept with their units."""

import re

from django import template

register = template.Library()

NBSP = "\u00a0"
# "23,08 %", "≥ 15", "53/53": a number never separates from its "%" or from a sign before it.
PERCENT = re.compile(r"(\d) (%)")
SIGN = re.compile(r"([≥≤<>=]) (\d)")


@register.filter
def keep_units(value):
    """`value` with non-breaking spaces before "%" and after "≥"/"≤"."""
    text = str(value)
    return SIGN.sub(rf"\1{NBSP}\2", PERCENT.sub(rf"\1{NBSP}\2", text))
