"""One notion of "as of": every page, figure and report describing the wave shows the state
on one date (default today). This module owns the date itself (parsing, default); each app's
querysets own what "on that date" means for their rows (`held_on_or_before`, `as_of`), and
the selectors use those, never a filter of their own.

- a congress counts as held on `day` when it moved into a held stage on or before `day`
  (`Congress.held_on`, the effective date of that move);
- its stage on `day` is the stage of its last transition effective on or before `day`;
- dated rows (rounds, complaints, decisions, commendations, ratings, documents, comments,
  follow-ups) count when dated on or before `day`.
"""

import datetime

from django.utils import timezone


def today():
    return timezone.localdate()


def parse_as_of(raw, *, default=None):
    """`raw` (a date, an ISO text "yyyy-mm-dd" or "dd/mm/yyyy") as a date; `default` (today
    unless given) when `raw` is empty. Raises ValueError on text that is not a date."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    if not raw:
        return default or today()
    text = str(raw).strip()
    if "/" in text:
        day, month, year = text.split("/")
        return datetime.date(int(year), int(month), int(day))
    return datetime.date.fromisoformat(text)


def on_or_before(field, day):
    """The rows whose date `field` is on or before `day` (every row when `day` is None): how
    every selector limits dated rows (rounds, complaints, decisions, commendations, ratings,
    comments) to the state on a date."""
    from django.db.models import Q

    return Q(**{f"{field}__lte": day}) if day else Q()
