"""Ratings of organizations and members: the three steps kept apart (R-CL-01..04, R-CL-07)."""

from decimal import Decimal
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from congresses import rulepacks
from core.audit import audit_event, record_audit_bulk
from core.decisions import decision_problems
from core.editing import StaleEditError
from core.text import normalize_text
from recognition import figures
from recognition.choices import Level, Step
from recognition.models import Rating
from recognition.rules import LEVELS, STEP_FIELDS, STEP_ORDER, score_floors
from recognition.selectors import term_of_period

# --- ratings --------------------------------------------------------------------------------


class _Rules:
    """The rule pack of a period's term (R-CL-03), read the first time a row needs it: the
    citations of the messages and the score floors of R-CL-02."""

    def __init__(self, period):
        self.period = period

    @cached_property
    def term(self):
        return term_of_period(self.period)

    @cached_property
    def floors(self):
        return score_floors(self.term)

    def cite(self, rule_id):
        return rulepacks.cite(self.term, rule_id)


def _row_problems(*, period, step, level, score, is_exemplary, is_member, rules):
    """What is wrong with one row of a rating grid, as translated messages, each naming its
    rule and source in the period's rule pack (`rules`, a _Rules)."""
    problems = []
    if level and level not in LEVELS:
        problems.append(_("Unknown level (%(rule)s).") % {"rule": rules.cite("R-CL-01")})
    if score is not None:
        if not Decimal(0) <= score <= Decimal(100):
            problems.append(
                _("The score must be between 0 and 100 (%(rule)s).")
                % {"rule": rules.cite("R-CL-02")}
            )
        elif level in rules.floors and score < rules.floors[level]:
            problems.append(
                _("A score of %(score)s is below the %(floor)s points of “%(level)s” (%(rule)s).")
                % {
                    "score": score,
                    "floor": rules.floors[level],
                    "level": Level(level).label,
                    "rule": rules.cite("R-CL-02"),
                }
            )
    elif period.uses_points and step == Step.DECIDED and level:
        problems.append(
            _("This period is scored on 100 points: enter the score (%(rule)s).")
            % {"rule": rules.cite("R-CL-02")}
        )
    if is_exemplary:
        if is_member:
            problems.append(
                _("The exemplary title is for organizations (%(rule)s).")
                % {"rule": rules.cite("R-CL-07")}
            )
        elif step != Step.DECIDED or level != Level.EXCELLENT:
            problems.append(
                _("Only an organization decided “%(level)s” may be “%(title)s” (%(rule)s).")
                % {
                    "level": Level.EXCELLENT.label,
                    "title": period.exemplary_title,
                    "rule": rules.cite("R-CL-07"),
                }
            )
    return problems


def _subject(entry):
    """(member or None, organization, key among the existing ratings) of a grid entry."""
    member = entry.get("member")
    organization = member.organization if member is not None else entry["organization"]
    return member, organization, member.pk if member is not None else ("org", organization.pk)


def _apply(row, values, step):
    """Write `values` onto an existing rating, moved forward to `step`, its version bumped."""
    for name, value in values.items():
        setattr(row, name, value)
    if STEP_ORDER.index(step) > STEP_ORDER.index(row.step):
        row.step = step
    row.version += 1


@transaction.atomic
def save_ratings(*, period, actor, step, entries, decision_body="", decision_number="",
                 decision_date=None):  # fmt: skip
    """Save one step of the ratings of many members or organizations at once, all or nothing.

    `entries` are dicts with `member` or `organization`, `level` ("" leaves the row out),
    `score`, `is_exemplary`, `version` (the row's version when the grid was loaded, None for a
    new row) and `label` (how the row is named in errors). A decision needs the deciding body,
    its number and date (R-CL-04). Any bad row, or a row changed by someone else since the grid
    was loaded, refuses the whole grid with every problem named. Returns the number of rows
    written. Side effects: ratings created or updated, one audit row each, a new generation of
    the period's cached cap counts (recognition.figures) on commit, and a task counting the
    new ones of the high organizations above the members rated.
    """
    errors = []
    if step == Step.DECIDED:
        errors += decision_problems(body=decision_body, number=decision_number, day=decision_date)
    entries = [entry for entry in entries if entry.get("level")]
    rules = _Rules(period)
    for entry in entries:
        for problem in _row_problems(
            period=period,
            step=step,
            level=entry["level"],
            score=entry.get("score"),
            is_exemplary=entry.get("is_exemplary", False),
            is_member=entry.get("member") is not None,
            rules=rules,
        ):
            errors.append(_("%(row)s: %(problem)s") % {"row": entry["label"], "problem": problem})
    if errors:
        raise ValidationError(errors)
    members = [entry["member"].pk for entry in entries if entry.get("member") is not None]
    organizations = [entry["organization"].pk for entry in entries if entry.get("member") is None]
    existing = {
        (row.member_id or ("org", row.organization_id)): row
        for row in Rating.objects.select_for_update(of=("self",)).filter(
            Q(member__in=members) | Q(member__isnull=True, organization__in=organizations),
            period=period,
        )
    }
    field = STEP_FIELDS[step]
    to_create, to_update, events = [], [], []
    for entry in entries:
        member, organization, key = _subject(entry)
        row = existing.get(key)
        if (row.version if row else None) != entry.get("version"):
            raise StaleEditError(
                _("%(row)s was changed by someone else. Reload the grid and enter it again.")
                % {"row": entry["label"]}
            )
        values = {field: entry["level"], "score": entry.get("score")}
        if step == Step.DECIDED:
            values |= {
                "is_exemplary": bool(entry.get("is_exemplary")),
                "decision_body": normalize_text(decision_body),
                "decision_number": normalize_text(decision_number),
                "decision_date": decision_date,
            }
        if row is None:
            row = Rating(
                period=period,
                member=member,
                organization=organization,
                org_path=member.org_path if member is not None else organization.path,
                step=step,
                **values,
            )
            to_create.append(row)
            before = {}
        else:
            before = {name: getattr(row, name) for name in values}
            if all(before[name] == value for name, value in values.items()):
                continue
            _apply(row, values, step)
            to_update.append(row)
        events.append((row, {"step": step, "before": _plain(before), "after": _plain(values)}))
    try:
        with transaction.atomic():
            Rating.objects.bulk_create(to_create, batch_size=1000)
    except IntegrityError as error:
        # Someone created one of these rows after the lock above was taken (a new row has
        # nothing to lock): the unique constraint refuses the second creation.
        raise StaleEditError(
            _("A row of this grid was entered by someone else meanwhile. Reload the grid.")
        ) from error
    figures.ratings_saved(
        period.pk,
        step=step,
        paths=[row.org_path for row in (*to_create, *to_update) if row.member_id is not None],
    )
    Rating.objects.bulk_update(
        to_update,
        [field, "score", "is_exemplary", "step", "version", "decision_body", "decision_number",
         "decision_date"],
        batch_size=1000,
    )  # fmt: skip
    record_audit_bulk(
        audit_event(
            actor=actor,
            action="recognition.rating_saved",
            target=row,
            data=data,
            organization_path=row.org_path,
        )
        for row, data in events
    )
    return len(events)


def _plain(values):
    """Audit data as JSON: scores and dates as text."""
    return {
        name: value if value is None or isinstance(value, str | bool) else str(value)
        for name, value in values.items()
    }
