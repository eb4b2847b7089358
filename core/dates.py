"""Plausible dates at the input boundary: every date a form or an import accepts lies in
EARLIEST_DATE..LATEST_DATE (a year 0001 or 9999 is a typing error, and breaks date arithmetic
and sorting downstream); a date of birth is not in the future."""

import datetime

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

EARLIEST_DATE = datetime.date(1900, 1, 1)
# Planned dates (congress windows, deadlines) lie a few years ahead at most.
LATEST_DATE = datetime.date(2100, 12, 31)


def _shown(day):
    return day.strftime("%d/%m/%Y")


def date_problem(day, *, label, birth=False):
    """The translated refusal of `day` for the field or column `label`, or None."""
    if day is None:
        return None
    if birth and day > timezone.localdate():
        return _("%(field)s cannot be in the future.") % {"field": capfirst(label)}
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        return _("%(field)s must lie between %(low)s and %(high)s.") % {
            "field": capfirst(label),
            "low": _shown(EARLIEST_DATE),
            "high": _shown(LATEST_DATE),
        }
    return None
