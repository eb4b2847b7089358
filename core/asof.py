"""One notion of "as of": every page, figure and report describing the wave shows the state
on one date (default today). This module owns the date itself (parsing, default); each app's
querysets own what "on that date" means for their rows (`held_on_or_before`, `as_of`), and
the selectors use those, never a filter of their own.

- a congress counts as held on `day` when it moved into a held stage on or before `day`
  (`Congress.held_on`, the effective date of that move);
- its stage on `day` is the stage of its last transition effective on or before `day`;
- dated rows (rounds, complaints, decisions, commendations, ratings, documents, comments,
  follow-ups) count when dated on or before `day`;
- a member counts on `day` when admitted on or before it and not yet gone (`member_on`:
  `left_on` empty or after `day`);
- an organization is there on `day` when founded by then and not yet gone (`organization_on`:
  `valid_from` empty or on or before `day`, `valid_to` empty or after it); the congresses of
  an organization not yet founded on `day` are not counted on that date (`founded_by`).

Pages that show wave figures read their date with `as_of_from(request)` (the `as_of` query
parameter, default today) and print it in their heading ("tính đến ngày dd/mm/yyyy").
"""

import datetime
import re

from django.utils import timezone

DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def today():
    return timezone.localdate()


def parse_as_of(raw, *, default=None):
    """`raw` (a date, an ISO text "yyyy-mm-dd" or "dd/mm/yyyy") as a date; `default` (today
    unless given) when `raw` is empty; "dd-mm-yyyy" and "dd.mm.yyyy" are read too, as the
    Vietnamese date formats are. Raises ValueError on text that is not a date."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    if not raw:
        return default or today()
    text = str(raw).strip()
    match = DAY_MONTH_YEAR.fullmatch(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return datetime.date(year, month, day)
    return datetime.date.fromisoformat(text)


# The years a page may be asked about (core.forms refuses dates outside 1900–2100 too).
AS_OF_FIRST_YEAR, AS_OF_LAST_YEAR = 1900, 2100


def as_of_from(request, *, name="as_of"):
    """The date a page shows the wave on: the `name` query parameter of `request` (ISO or
    dd/mm/yyyy), today when absent; `(day, error)` where `error` is True (and `day` today)
    when the text given is not a date. The one parser of every page's "as of" field."""
    raw = (request.GET.get(name) or "")[:20]
    try:
        day = parse_as_of(raw)
    except (TypeError, ValueError):
        return today(), True
    # A year no figure can be about (01/01/0001 broke the age bands): unreadable as well.
    if not AS_OF_FIRST_YEAR <= day.year <= AS_OF_LAST_YEAR:
        return today(), True
    return day, False


def page_as_of(request, *, name="as_of"):
    """The date a page shows (`as_of_from`); a date that does not read is told in a message
    and today's state is shown, never an error page. What every dated view calls."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    day, unreadable = as_of_from(request, name=name)
    if unreadable:
        messages.error(
            request, _("The date could not be read (dd/mm/yyyy); figures are as of today.")
        )
    return day


def page_context(day):
    """What a dated page passes its template: the date, its text, and whether it is a past
    one (the page then says that its forms still act on today's state)."""
    return {"as_of": day, "as_of_text": f"{day:%d/%m/%Y}", "as_of_past": day < today()}


def member_on(day, prefix=""):
    """The members counted on `day`: admitted on or before it and not yet gone (no `left_on`,
    or one after `day`); every member when `day` is None. `prefix` reaches the member through
    a relation ("member__"). The one definition of membership on a date."""
    from django.db.models import Q

    if day is None:
        return Q()
    return Q(**{f"{prefix}admitted_on__lte": day}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": day})
    )


def founded_by(day, prefix=""):
    """The organizations founded on or before `day` (`valid_from` empty or not after it);
    every one when `day` is None. `prefix` reaches the organization through a relation
    ("organization__"): a congress of an organization founded later (the ward committee of a
    2025 merger on a page of 2020) was not planned yet on `day`."""
    from django.db.models import Q

    if day is None:
        return Q()
    return Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})


def organization_on(day, prefix=""):
    """The organizations there on `day`: founded by then (`founded_by`) and not yet dissolved
    or merged away (`valid_to`, the day it was gone, empty or after `day`). The one definition
    of an organization's existence on a date."""
    from django.db.models import Q

    if day is None:
        return Q()
    return founded_by(day, prefix) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
    )


def is_member_on(member, day):
    """`member_on` for one member already read (its `admitted_on` and `left_on`)."""
    return member.admitted_on <= day and (member.left_on is None or member.left_on > day)


def on_or_before(field, day):
    """The rows whose date `field` is on or before `day` (every row when `day` is None): how
    every selector limits dated rows (rounds, complaints, decisions, commendations, ratings,
    comments) to the state on a date."""
    from django.db.models import Q

    return Q(**{f"{field}__lte": day}) if day else Q()
