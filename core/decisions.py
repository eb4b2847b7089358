"""A decision (quyết định) recorded with its deciding body, number and date."""

from django.utils import timezone
from django.utils.translation import gettext as _


def decision_problems(*, body, number, day):
    """The problems of a decision's record, in words: a missing body, number or date, a date in
    the future. Empty when it is complete."""
    missing = [
        label
        for label, value in (
            (_("deciding body"), body),
            (_("decision number"), number),
            (_("decision date"), day),
        )
        if not value
    ]
    problems = []
    if missing:
        problems.append(_("A decision needs: %(fields)s.") % {"fields": ", ".join(missing)})
    if day and day > timezone.localdate():
        problems.append(_("The decision date cannot be in the future."))
    return problems
