"""Every change to congresses, working groups and progress goes through here."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from congresses import hooks, rulepacks, stages
from congresses.choices import (
    HELD_STAGES,
    STAGE_ORDER,
    CongressContent,
    CongressKind,
    CongressOccasion,
    Stage,
)
from congresses.models import (
    Congress,
    ProgressEntry,
    StageTransition,
    Term,
    TermLevelRule,
    TrainingSession,
)
from core.audit import audit_event, record_audit, record_audit_bulk
from core.editing import StaleEditError, versioned_update
from core.text import normalize_text
from organizations.models import Member, Organization, OrganizationMerge
from organizations.services import kind_period

ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def roman(number):
    """12 → "XII": congress ordinals are written in Roman numerals ("lần thứ XII")."""
    if number < 1:
        raise ValueError("Roman numerals start at 1")
    digits = []
    for value, letters in ROMAN:
        count, number = divmod(number, value)
        digits.append(letters * count)
    return "".join(digits)


def suggest_kind(*, term, level, member_count):
    """Rule R-WV-04: a delegate congress from the term's threshold of members, for grassroots
    organizations and above; cells and sub-committees hold all-member congresses."""
    if level <= 3 and member_count >= term.delegate_congress_threshold:
        return CongressKind.DELEGATE
    return CongressKind.ALL_MEMBER


def _numbered(occasion):
    """Whether a congress of `occasion` takes a number of its own (R-OR-07; an extraordinary
    congress only under settings.EXTRAORDINARY_CONGRESS_NUMBERED, [U])."""
    return occasion != CongressOccasion.EXTRAORDINARY or settings.EXTRAORDINARY_CONGRESS_NUMBERED


def ordinals_for(organization_ids, term, *, occasion=CongressOccasion.REGULAR):
    """{organization id: the number ("lần thứ") of a congress of `occasion` planned now in
    `term`}: its place in time among the organization's congresses (R-OR-07), one more than
    the highest number of its congresses of `term` and the terms before, whatever their
    occasion; the congresses of later terms come after it (make_room_for renumbers them). A
    congress that takes no number of its own carries the one before it (I when none). One
    query."""
    highest = dict(
        Congress.objects.filter(
            organization_id__in=organization_ids, term__starts_on__lte=term.starts_on
        )
        .values("organization_id")
        .annotate(highest=Max("ordinal"))
        .values_list("organization_id", "highest")
        .order_by()
    )
    step = 1 if _numbered(occasion) else 0
    return {pk: max(highest.get(pk, 0) + step, 1) for pk in organization_ids}


def make_room_for(organization_ids, term, *, actor, occasion=CongressOccasion.REGULAR):
    """Make room for a congress of `occasion` planned in `term` by the organizations of
    `organization_ids` (numbered by ordinals_for): their congresses of later terms, planned
    and not held, move one number up (R-OR-07: the numbers follow time). Refused (nothing
    written) when one of them is already held: a held congress keeps its number. Returns the
    number of congresses renumbered.
    Side effects: one UPDATE; one audit row per organization renumbered."""
    if not _numbered(occasion):
        return 0
    later = Congress.objects.filter(
        organization_id__in=organization_ids, term__starts_on__gt=term.starts_on
    )
    held = later.filter(stage__in=HELD_STAGES).select_related("organization", "term").first()
    if held is not None:
        raise ValidationError(
            _(
                "%(congress)s (ordinal %(ordinal)s) is already held: a congress of the term "
                "%(term)s planned now would come before it and change its number, and a held "
                "congress keeps its number (%(rule)s)."
            )
            % {
                "congress": held,
                "ordinal": roman(held.ordinal),
                "term": term.name,
                "rule": rulepacks.cite(term, "R-OR-07"),
            }
        )
    renumbered = list(later.select_related("organization").order_by("org_path", "ordinal"))
    if not renumbered:
        return 0
    later.update(ordinal=F("ordinal") + 1, version=F("version") + 1)
    by_organization = {}
    for congress in renumbered:
        by_organization.setdefault(congress.organization_id, []).append(congress)
    record_audit_bulk(
        [
            audit_event(
                actor=actor,
                action="congress.renumbered",
                target=congresses[0].organization,
                data={
                    "term": term.name,
                    "congresses": [
                        {
                            "congress": congress.pk,
                            "before": congress.ordinal,
                            "after": congress.ordinal + 1,
                        }
                        for congress in congresses
                    ],
                },
                organization_path=congresses[0].org_path,
            )
            for congresses in by_organization.values()
        ]
    )
    return len(renumbered)


def member_counts_by_organization(root):
    """{organization path: members in its subtree today (core.asof: those gone are not
    counted)} for every organization under `root`.

    One grouped query per depth of the subtree (at most five), not one per organization.
    """
    step = Organization.STEP
    # order_by(): the tree's default ordering by path would make DISTINCT keep every row.
    depths = (
        Organization.objects.in_subtree(root).order_by().values_list("depth", flat=True).distinct()
    )
    counts = {}
    for depth in sorted(depths):
        rows = (
            Member.objects.in_subtree(root)
            .on(timezone.localdate())
            .values(prefix=Substr("org_path", 1, depth * step))
            .annotate(count=Count("pk"))
            .values_list("prefix", "count")
        )
        counts.update(rows)
    return counts


def _term_scope(root, term, subtree):
    """The current organizations of `root`'s subtree (only `root` when `subtree` is False)
    with no regular congress in `term`. Not evaluated."""
    scope = (
        Organization.objects.in_subtree(root)
        if subtree
        else Organization.objects.filter(pk=root.pk)
    )
    return scope.filter(valid_to__isnull=True).exclude(
        Exists(Congress.objects.regular().filter(term=term, organization=OuterRef("pk")))
    )


def _kind_valid_in_window(scope, term):
    """`scope` annotated with the window of its level in `term` (the level's rule, else the
    term's own dates) and `kind_fits`: the organization's kind is valid on some day of that
    window (R-OR-05: no district congress after 30/6/2025). One query, no rule read first."""
    rules = TermLevelRule.objects.filter(term=term, level=OuterRef("kind__level"))
    scope = scope.annotate(
        window_from=Coalesce(
            Subquery(rules.values("window_start")[:1]),
            Value(term.starts_on),
            output_field=DateField(),
        ),
        window_to=Coalesce(
            Subquery(rules.values("deadline")[:1]), Value(term.ends_on), output_field=DateField()
        ),
    )
    return (Q(kind__valid_until__isnull=True) | Q(kind__valid_until__gte=F("window_from"))) & (
        Q(kind__valid_from__isnull=True) | Q(kind__valid_from__lte=F("window_to"))
    ), scope


def without_term_congress(root, term, *, subtree=True):
    """The current organizations of `root`'s subtree (only `root` when `subtree` is False) with
    no regular congress in `term` whose kind is valid in the window of their level (the term
    plan gives them one; kind_ended_for_term lists the others). Not evaluated."""
    fits, scope = _kind_valid_in_window(_term_scope(root, term, subtree), term)
    return scope.filter(fits)


def kind_ended_for_term(root, term, *, subtree=True):
    """The organizations the term plan skips (R-OR-05): current, with no regular congress in
    `term`, but of a kind not valid on any day of their level's window (a district committee
    in 2025–2030: its kind ended on 30/6/2025). With their kind; ordered by path."""
    fits, scope = _kind_valid_in_window(_term_scope(root, term, subtree), term)
    return scope.exclude(fits).select_related("kind").order_by("path")


@transaction.atomic
def create_term_plan(*, term, root, actor, subtree=True):
    """The regular congress for every current organization of `root`'s subtree (only `root`
    when `subtree` is False) that has none in `term` (the other occasions are planned by
    congresses.occasions).

    Each gets its ordinal (the previous congress's + 1, or I for a merger's successor or an
    organization with no earlier congress), the kind suggested by its member count, the
    content (two contents for a merger's successor, whose committee is appointed), and the
    window and planned date of its level from the term's rules. An organization whose kind is
    not valid on any day of its level's window gets none (R-OR-05; kind_ended_for_term lists
    them for the page to say so). Returns the number created.
    Side effects: the congress rows (one bulk insert); one audit row.
    """
    organizations = list(without_term_congress(root, term, subtree=subtree).select_related("kind"))
    rules = {rule.level: rule for rule in TermLevelRule.objects.filter(term=term)}
    successors = set(
        OrganizationMerge.objects.filter(successor__in=organizations).values_list(
            "successor_id", flat=True
        )
    )
    # The number in time (R-OR-07): the highest of this term and the terms before, whatever
    # the occasion (an extraordinary congress planned in this term before the plan counts);
    # the congresses of later terms move one up (refused if one is held).
    numbered = [
        organization.pk for organization in organizations if organization.pk not in successors
    ]
    ordinals = ordinals_for(numbered, term)
    make_room_for(numbered, term, actor=actor)
    members = member_counts_by_organization(root)
    congresses = []
    for organization in organizations:
        level = organization.kind.level
        rule = rules.get(level)
        merged = organization.pk in successors
        congresses.append(
            Congress(
                term=term,
                organization=organization,
                org_path=organization.path,
                level=level,
                ordinal=1 if merged else ordinals[organization.pk],
                kind=suggest_kind(
                    term=term, level=level, member_count=members.get(organization.path, 0)
                ),
                content=CongressContent.TWO if merged else CongressContent.FOUR,
                window_start=rule.window_start if rule else None,
                window_end=rule.deadline if rule else None,
            )
        )
    Congress.objects.bulk_create(congresses, batch_size=2000)
    if congresses:
        record_audit(
            actor=actor,
            action="congress.plan_created",
            target=root,
            data={"term": term.name, "congresses": len(congresses)},
            organization_path=root.path,
        )
    return len(congresses)


EDITABLE_FIELDS = (
    "ordinal",
    "kind",
    "content",
    "is_pilot",
    "window_start",
    "window_end",
    "planned_date",
    "venue",
    "started_on",
    "ended_on",
    "convened",
)


@transaction.atomic
def update_congress(*, congress, actor, expected_version, **changes):
    """Change the plan of a congress; refuses a stale edit. Audited with before and after."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)} here")
    if "venue" in changes:
        changes["venue"] = normalize_text(changes["venue"])
    errors = {}
    window_start = changes.get("window_start", congress.window_start)
    window_end = changes.get("window_end", congress.window_end)
    if window_start and window_end and window_end < window_start:
        errors["window_end"] = _("The window cannot end before it starts.")
    started_on = changes.get("started_on", congress.started_on)
    ended_on = changes.get("ended_on", congress.ended_on)
    if started_on and ended_on and ended_on < started_on:
        errors["ended_on"] = _("A congress cannot close before it opens.")
    elif (started_on, ended_on) != (congress.started_on, congress.ended_on):
        errors.update(_session_change_errors(congress, started_on, ended_on))
    content = changes.get("content")
    if content and content != congress.content:
        allowed = rulepacks.allowed_contents(congress.term)
        if content not in allowed:
            errors["content"] = _(
                "The rules of term %(term)s do not provide for a congress with %(content)s "
                "(%(rule)s)."
            ) % {
                "term": congress.term.name,
                "content": str(CongressContent(content).label).lower(),
                "rule": rulepacks.cite(congress.term, "R-WV-13"),
            }
    errors.update(_kind_date_errors(congress, changes))
    if errors:
        raise ValidationError(errors)
    return versioned_update(
        instance=congress,
        changes=changes,
        expected_version=expected_version,
        actor=actor,
        action="congress.updated",
        stale_message=_("Someone else changed this congress. Reload and try again."),
        organization_path=congress.org_path,
    )


def _shown(day):
    return day.strftime("%d/%m/%Y") if day else "…"


def session_errors(congress, started_on, ended_on, *, closing_field="ended_on", history=True):
    """{field: message} for a session of `congress` from `started_on` to `ended_on` (either may
    be None: open-ended) that would leave outside it a record dated within the session: the
    records the apps above register (congresses.hooks.dated_records: election rounds, votes,
    check-ins) and the congress's own stage changes (those up to "personnel approved" come
    before the opening; "held" is dated the closing day). `closing_field` names the field the
    closing date came from (change_stage: "held_on", whose own day is checked against the
    history by _effective_day, so it passes `history=False`). One query per registered kind,
    one for the stage history."""
    rule = rulepacks.cite(congress.term, "R-EL-35")
    errors = {}
    for records in hooks.dated_records(congress):
        values = {
            "records": records.name,
            "first": _shown(records.first),
            "last": _shown(records.last),
            "rule": rule,
        }
        if started_on is None and "started_on" not in errors:
            errors["started_on"] = (
                _(
                    "The congress holds %(records)s dated %(first)s–%(last)s: it keeps an opening "
                    "date (%(rule)s)."
                )
                % values
            )
        elif started_on and records.first < started_on and "started_on" not in errors:
            errors["started_on"] = (
                _(
                    "The congress holds %(records)s dated from %(first)s: it cannot open after "
                    "that day (%(rule)s)."
                )
                % values
            )
        if ended_on and records.last > ended_on and closing_field not in errors:
            errors[closing_field] = (
                _(
                    "The congress holds %(records)s dated up to %(last)s: it cannot close before "
                    "that day (%(rule)s)."
                )
                % values
            )
    if not history:
        return errors
    before_session = (
        StageTransition.objects.filter(congress=congress)
        .standing()
        .filter(to_stage__in=STAGE_ORDER[1 : STAGE_ORDER.index(Stage.PERSONNEL_APPROVED) + 1])
        .order_by("-effective_on")
        .values_list("effective_on", "to_stage")
        .first()
    )
    if started_on and before_session and started_on < before_session[0]:
        errors.setdefault(
            "started_on",
            _(
                "The congress reached the stage “%(stage)s” on %(day)s: it cannot open before "
                "that day."
            )
            % {"stage": Stage(before_session[1]).label, "day": _shown(before_session[0])},
        )
    return errors


def _session_change_errors(congress, started_on, ended_on):
    """{field: message} for the edit of a congress's session dates (update_congress): only a
    congress in session or held has them (change_stage sets them when it is held); a held
    congress keeps its closing date, the day its stage change records (correct it by moving
    the congress back); neither date is cleared while the congress is in session or held;
    and the session keeps the records dated within it (session_errors)."""
    errors = {}
    held = congress.stage in HELD_STAGES
    opened = STAGE_ORDER.index(congress.stage) >= STAGE_ORDER.index(Stage.PERSONNEL_APPROVED)
    values = {
        "stage": Stage(congress.stage).label,
        "rule": rulepacks.cite(congress.term, "R-EL-35"),
    }
    if not opened:
        for name, day in (("started_on", started_on), ("ended_on", ended_on)):
            if day and day != getattr(congress, name):
                errors[name] = (
                    _(
                        "A congress gets its opening and closing dates once it opens (its "
                        "personnel approved) or is recorded held; this congress is at the stage "
                        "“%(stage)s”: give its planned date instead."
                    )
                    % values
                )
        return errors
    if held and ended_on != congress.ended_on:
        errors["ended_on"] = _(
            "The congress was recorded held on %(day)s: its closing date is that day. To correct "
            "it, move the congress back to the previous stage and record it held again."
        ) % {"day": _shown(congress.held_on or congress.ended_on)}
    if (
        started_on is None
        and congress.started_on
        and (held or congress.stage == Stage.PERSONNEL_APPROVED)
    ):
        errors["started_on"] = (
            _(
                "The congress is in session or held (the stage “%(stage)s”): its opening date "
                "cannot be cleared."
            )
            % values
        )
    for name, message in session_errors(congress, started_on, ended_on).items():
        errors.setdefault(name, message)
    return errors


KIND_DATED_FIELDS = ("planned_date", "started_on", "ended_on")


def _kind_invalid_dates(congress, values):
    """[(field, day)] of `values` (field → day) on which the kind of `congress`'s organization
    is not valid (R-OR-05: a district committee holds no congress after 30/6/2025)."""
    kind = congress.organization.kind
    return [(name, day) for name, day in values.items() if day and not kind.is_valid_on(day)]


def _kind_date_message(congress, day):
    kind = congress.organization.kind
    return _(
        "%(organization)s is a %(kind)s, a kind valid %(period)s: it holds no congress on "
        "%(day)s (%(rule)s)."
    ) % {
        "organization": congress.organization.name,
        "kind": kind.name,
        "period": kind_period(kind),
        "day": day.strftime("%d/%m/%Y"),
        "rule": rulepacks.cite(congress.term, "R-OR-05"),
    }


def _kind_date_errors(congress, changes):
    """{field: message} for the dates `changes` sets (to a new day) on which the organization's
    kind is not valid; a date kept as it was is left to congress_warnings."""
    changed = {
        name: changes[name]
        for name in KIND_DATED_FIELDS
        if name in changes and changes[name] != getattr(congress, name)
    }
    return {
        name: _kind_date_message(congress, day)
        for name, day in _kind_invalid_dates(congress, changed)
    }


def unheld_below(congress):
    """Congresses of the same term below `congress` that are not held yet (rule R-WV-01).

    Organizations dissolved or merged away (valid_to set) do not hold them back. The rule is
    the wave's: a regular congress waits for the regular congresses below; the other
    occasions (a cell's mid-term congress, a congress after a merger, an extraordinary one)
    are held when they are due and wait for nothing.
    """
    if not congress.is_regular:
        return Congress.objects.none()
    return (
        Congress.objects.in_subtree(congress.organization)
        .regular()
        .filter(term=congress.term, organization__valid_to__isnull=True)
        .exclude(pk=congress.pk)
        .not_held()
    )


@transaction.atomic
def change_stage(
    *,
    congress,
    to_stage,
    actor,
    expected_version,
    held_on=None,
    approval=None,
    effective_on=None,
):
    """Move `congress` one stage forward (or one back, to correct a mistake).

    `effective_on` is the day the stage was reached (default today; for HELD the closing
    date, for RESULTS_APPROVED the approval date): not in the future, not before the day of
    the previous transition. HELD needs the closing date (not in the future) and every
    congress below it held; RESULTS_APPROVED needs the approval decision (number, date,
    body). Side effects: the compare-and-set UPDATE (with `held_on`, the day the congress
    counts as held from), a StageTransition row, an audit row.
    """
    current = STAGE_ORDER.index(congress.stage)
    target = STAGE_ORDER.index(to_stage)
    if abs(target - current) != 1:
        raise ValidationError(
            _("A congress moves one stage at a time: from “%(current)s” it can go to %(next)s.")
            % {
                "current": Stage(congress.stage).label,
                "next": " / ".join(
                    str(STAGE_ORDER[index].label)
                    for index in (current - 1, current + 1)
                    if 0 <= index < len(STAGE_ORDER)
                ),
            }
        )
    stages.check_prerequisites(congress, to_stage)
    changes = {"stage": to_stage, "stage_changed_at": timezone.now()}
    # Back from "results approved" to "held" (a correction), the congress stays held as it
    # was: its dates are kept, and the move is dated the day it is made.
    if to_stage == Stage.HELD and target > current:
        held_on = held_on or congress.ended_on
        if held_on is None:
            raise ValidationError({"held_on": _("Give the date the congress closed.")})
        if held_on > timezone.localdate():
            raise ValidationError({"held_on": _("The congress date cannot be in the future.")})
        waiting = unheld_below(congress)
        count = waiting.count()
        if count:
            names = ", ".join(
                str(item.organization) for item in waiting.select_related("organization")[:5]
            )
            raise ValidationError(
                _(
                    "Congresses of the lower levels must be held first: %(count)s not held yet "
                    "(%(names)s; %(rule)s)."
                )
                % {
                    "count": count,
                    "names": names,
                    "rule": rulepacks.cite(congress.term, "R-WV-01"),
                }
            )
        changes["ended_on"] = held_on
        changes["started_on"] = congress.started_on or held_on
        changes["held_on"] = effective_on = held_on
    if to_stage == Stage.RESULTS_APPROVED:
        approval = approval or {}
        missing = [
            name
            for name in ("approval_number", "approval_date", "approval_body")
            if not approval.get(name)
        ]
        if missing:
            raise ValidationError(
                dict.fromkeys(missing, _("The approval decision needs its number, date and body."))
            )
        changes.update(
            {name: approval[name] for name in ("approval_number", "approval_date", "approval_body")}
        )
        effective_on = effective_on or approval["approval_date"]
    if congress.stage in HELD_STAGES and to_stage not in HELD_STAGES:
        changes["held_on"] = None  # a correction: the congress was not held after all
    effective_on = _effective_day(congress, effective_on)
    if to_stage == Stage.HELD and target > current:
        # The session ends on the closing day: it keeps what is dated within it (issue 15).
        if congress.started_on and held_on < congress.started_on:
            raise ValidationError(
                {
                    "held_on": _("The congress opened on %(day)s: it cannot close before that day.")
                    % {"day": _shown(congress.started_on)}
                }
            )
        session = session_errors(
            congress,
            congress.started_on or held_on,
            held_on,
            closing_field="held_on",
            history=False,
        )
        if session:
            raise ValidationError(session)
    updated = Congress.objects.filter(pk=congress.pk, version=expected_version).update(
        version=F("version") + 1, **changes
    )
    if updated != 1:
        raise StaleEditError(_("Someone else changed this congress. Reload and try again."))
    transition = StageTransition.objects.create(
        congress=congress,
        from_stage=congress.stage,
        to_stage=to_stage,
        actor=actor,
        effective_on=effective_on,
    )
    if STAGE_ORDER.index(to_stage) < STAGE_ORDER.index(congress.stage):
        # A move back corrects a mistaken record: the changes beyond `to_stage` are marked
        # undone (kept), so the stage on every date reads as if they never happened, as
        # held_on (cleared above) does for the figures.
        later = STAGE_ORDER[STAGE_ORDER.index(to_stage) + 1 :]
        StageTransition.objects.filter(
            congress=congress, to_stage__in=later, undone_by__isnull=True
        ).exclude(pk=transition.pk).update(undone_by=transition)
    record_audit(
        actor=actor,
        action="congress.stage_changed",
        target=congress,
        data={
            "from": congress.stage,
            "to": to_stage,
            "held_on": changes.get("ended_on"),
            "effective_on": effective_on,
        },
        organization_path=congress.org_path,
    )
    if to_stage == Stage.HELD and "ended_on" in changes:
        _clear_merger_flag(congress, held_on=changes["ended_on"], actor=actor)
    congress.refresh_from_db()
    return congress


def _effective_day(congress, day):
    """The day a stage change takes effect: `day` (today when None), refused in the future or
    before the previous move in the history of `congress` (the record cannot contradict
    itself). The history is the standing moves forward: a correction (a move back) and the
    moves it undid are not part of it, so the real day can be entered again after one."""
    day = day or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError(
            {"effective_on": _("The date the stage was reached cannot be in the future.")}
        )
    previous = (
        StageTransition.objects.filter(congress=congress)
        .standing()
        .order_by("-effective_on", "-at", "-id")
        .values_list("effective_on", flat=True)
        .first()
    )
    if previous and day < previous:
        raise ValidationError(
            {
                "effective_on": _(
                    "The date the stage was reached (%(day)s) cannot be before the previous "
                    "stage change (%(previous)s)."
                )
                % {"day": day.strftime("%d/%m/%Y"), "previous": previous.strftime("%d/%m/%Y")}
            }
        )
    return day


def _clear_merger_flag(congress, *, held_on, actor):
    """A merged organization must hold its congress right away (R-OR-06): a congress held on
    or after its last merger clears the flag merge_organizations set. One UPDATE; an audit row
    when it cleared the flag."""
    cleared = (
        Organization.objects.filter(pk=congress.organization_id, must_hold_congress=True)
        .exclude(merged_from__merged_on__gt=held_on)
        .update(must_hold_congress=False, version=F("version") + 1)
    )
    if cleared:
        record_audit(
            actor=actor,
            action="organization.merger_congress_held",
            target=congress.organization,
            data={"congress": congress.pk, "held_on": held_on},
            organization_path=congress.org_path,
        )


def held_before_merger(organization, merged_on):
    """The regular congress `organization` held, in the term containing `merged_on`, before
    that date, or None: merging into it then asks for a congress after the merger (R-OR-06;
    see congress_warnings and occasions.plan_merger_congress)."""
    return (
        Congress.objects.regular()
        .filter(
            organization=organization,
            stage__in=HELD_STAGES,
            ended_on__lt=merged_on,
            term__starts_on__lte=merged_on,
            term__ends_on__gte=merged_on,
        )
        .select_related("term")
        .first()
    )


def _later_pilot(congress):
    """A pilot congress of the same term and level in the district, planned after `congress`."""
    district_path = congress.org_path[: Organization.STEP * 2]
    return (
        Congress.objects.filter(
            term=congress.term,
            level=congress.level,
            is_pilot=True,
            planned_date__gt=congress.planned_date,
        )
        .in_subtree(district_path)
        .first()
    )


def merger_after(congress):
    """The latest merger into the congress's organization after the congress (if it was
    held) and within its term, or None."""
    mergers = OrganizationMerge.objects.filter(
        successor_id=congress.organization_id, merged_on__lte=congress.term.ends_on
    )
    if congress.ended_on is not None:
        mergers = mergers.filter(merged_on__gt=congress.ended_on)
    return mergers.select_related("predecessor").order_by("-merged_on").first()


def merger_congress_due(congress):
    """The merger after `congress` (a regular congress held) that asks for a congress after
    the merger (R-OR-06) not planned yet, or None. No query for a congress not concerned, two
    at most otherwise."""
    if not (
        congress.is_regular
        and congress.stage in HELD_STAGES
        and congress.organization.must_hold_congress
    ):
        return None
    merger = merger_after(congress)
    if merger is None:
        return None
    if Congress.objects.filter(
        organization_id=congress.organization_id,
        term_id=congress.term_id,
        occasion=CongressOccasion.MERGER,
    ).exists():
        return None
    return merger


def _mid_term_window_warnings(congress):
    """A cell's mid-term congress planned outside its window (R-WV-10: the term's midpoint ±
    the allowance, copied onto the congress when it was planned), before it or after it."""
    day, start, end = congress.planned_date, congress.window_start, congress.window_end
    if day is None or (start is None and end is None):
        return []
    values = {
        "start": start.strftime("%d/%m/%Y") if start else "…",
        "end": end.strftime("%d/%m/%Y") if end else "…",
        "rule": rulepacks.cite(congress.term, "R-WV-10"),
    }
    if start and day < start:
        return [
            _(
                "The planned date is before the window of the cells' mid-term congress "
                "(%(start)s–%(end)s; %(rule)s)."
            )
            % values
        ]
    if end and day > end:
        return [
            _(
                "The planned date is after the window of the cells' mid-term congress "
                "(%(start)s–%(end)s; %(rule)s)."
            )
            % values
        ]
    return []


def _schedule_rule(congress):
    """The rule whose schedule `congress` follows: a cell's mid-term congress its window
    (R-WV-10), a congress after a merger "right away" (R-OR-06), the others their level's
    deadline (R-WV-02; 2025–2030 R-WV-11, R-WV-12)."""
    if congress.occasion == CongressOccasion.MID_TERM:
        return "R-WV-10"
    if congress.occasion == CongressOccasion.MERGER:
        return "R-OR-06"
    return rulepacks.rule_for_level(congress.term, congress.level)


def congress_warnings(congress):
    """Rules that warn and never refuse: a planned date after the level's deadline (a cell's
    mid-term congress: before or after its own window, R-WV-10), a mass
    congress planned before a pilot of its level (R-WV-03), a past planned date not held."""
    warnings = []
    today = timezone.localdate()
    # R-OR-05: a congress dated (planned, opened, closed) on a day its kind is not valid; one
    # warning per day.
    dated = {name: getattr(congress, name) for name in KIND_DATED_FIELDS}
    for day in sorted({day for _name, day in _kind_invalid_dates(congress, dated)}):
        warnings.append(_kind_date_message(congress, day))
    if (
        congress.content == CongressContent.THREE
        and not OrganizationMerge.objects.filter(
            successor_id=congress.organization_id, merged_on__lte=congress.term.ends_on
        ).exists()
    ):
        # R-WV-13: units not merged hold a four-content congress; three contents (the
        # committee appointed) are for the units merged or newly set up.
        warnings.append(
            _(
                "%(organization)s has not been merged: a unit not merged holds a congress with "
                "four contents, electing its committee; three contents (the committee "
                "appointed) are for merged or newly set up units (%(rule)s)."
            )
            % {
                "organization": congress.organization.name,
                "rule": rulepacks.cite(congress.term, "R-WV-13"),
            }
        )
    if congress.occasion == CongressOccasion.MID_TERM:
        warnings += _mid_term_window_warnings(congress)
    elif (
        congress.planned_date
        and congress.window_end
        and congress.planned_date > congress.window_end
    ):
        warnings.append(
            _("The planned date is after the deadline of its level (%(deadline)s; %(rule)s).")
            % {
                "deadline": congress.window_end.strftime("%d/%m/%Y"),
                "rule": rulepacks.cite(
                    congress.term, rulepacks.rule_for_level(congress.term, congress.level)
                ),
            }
        )
    # R-WV-03 orders the wave of term congresses; the other occasions are held when due.
    if congress.planned_date and not congress.is_pilot and congress.is_regular:
        later_pilot = _later_pilot(congress)
        if later_pilot is not None:
            warnings.append(
                _(
                    "Pilot congresses of this level come first: %(pilot)s is planned on "
                    "%(date)s (%(rule)s)."
                )
                % {
                    "pilot": later_pilot.organization,
                    "date": later_pilot.planned_date.strftime("%d/%m/%Y"),
                    "rule": rulepacks.cite(congress.term, "R-WV-03"),
                }
            )
    if (
        congress.planned_date
        and congress.planned_date < today
        and congress.stage not in HELD_STAGES
    ):
        warnings.append(
            _("Overdue: the planned date has passed and the congress is not held (%(rule)s).")
            % {"rule": rulepacks.cite(congress.term, _schedule_rule(congress))}
        )
    merger = merger_congress_due(congress)
    if merger is not None:
        # Merged after this term's congress: R-OR-06 asks for a congress after the merger;
        # the congress page offers to plan it (congresses.occasions.plan_merger_congress).
        warnings.append(
            _(
                "%(predecessor)s merged into this organization on %(date)s, after this "
                "congress. A merged organization holds its congress right away: plan the "
                "congress after the merger (%(rule)s)."
            )
            % {
                "predecessor": merger.predecessor.name,
                "date": merger.merged_on.strftime("%d/%m/%Y"),
                "rule": rulepacks.cite(congress.term, "R-OR-06"),
            }
        )
    return warnings


class AlreadyRecorded(Exception):
    """The form was sent before: `entry` is what it recorded; nothing new was written."""

    def __init__(self, entry):
        super().__init__(entry.pk)
        self.entry = entry


def record_progress(*, submission_token=None, **kwargs):
    """A progress report on `congress`; the congress moves forward to `stage_reached`, one
    stage at a time, each step checked by change_stage (so "held" still needs the lower
    levels held). Side effects: the entry, the stage changes, audit rows.

    A `submission_token` already stored (the same form sent twice, even at the same moment:
    the column is unique) raises AlreadyRecorded and changes nothing."""
    try:
        return _record_progress(submission_token=submission_token, **kwargs)
    except IntegrityError:
        existing = submission_token and (
            ProgressEntry.objects.filter(submission_token=submission_token).first()
        )
        if existing:
            raise AlreadyRecorded(existing) from None
        raise


@transaction.atomic
def _record_progress(
    *, congress, actor, reported_on, stage_reached, note="", difficulties="", submission_token
):
    if submission_token:
        existing = ProgressEntry.objects.filter(submission_token=submission_token).first()
        if existing:
            raise AlreadyRecorded(existing)
    if reported_on > timezone.localdate():
        raise ValidationError({"reported_on": _("The date cannot be in the future.")})
    target = STAGE_ORDER.index(stage_reached)
    while STAGE_ORDER.index(congress.stage) < target:
        next_stage = STAGE_ORDER[STAGE_ORDER.index(congress.stage) + 1]
        if next_stage == Stage.RESULTS_APPROVED:
            raise ValidationError(
                {
                    "stage_reached": _(
                        "The approval of the results is recorded by the district staff."
                    )
                }
            )
        congress = change_stage(
            congress=congress,
            to_stage=next_stage,
            actor=actor,
            expected_version=congress.version,
            held_on=reported_on if next_stage == Stage.HELD else None,
            effective_on=reported_on,
        )
    entry = ProgressEntry.objects.create(
        congress=congress,
        org_path=congress.org_path,
        reported_on=reported_on,
        stage_reached=stage_reached,
        note=normalize_text(note) if "\n" not in note else note.strip(),
        difficulties=difficulties.strip(),
        entered_by=actor if actor and actor.is_authenticated else None,
        submission_token=submission_token,
    )
    record_audit(
        actor=actor,
        action="congress.progress_recorded",
        target=congress,
        data={"entry": entry.pk, "stage_reached": stage_reached},
        organization_path=congress.org_path,
    )
    return entry


@transaction.atomic
def record_training(*, organization, term, actor, held_on, audience, attendance):
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The date cannot be in the future.")})
    session = TrainingSession.objects.create(
        organization=organization,
        org_path=organization.path,
        term=term,
        held_on=held_on,
        audience=normalize_text(audience),
        attendance=attendance,
        entered_by=actor if actor and actor.is_authenticated else None,
    )
    record_audit(
        actor=actor,
        action="training.recorded",
        target=session,
        data={"audience": session.audience, "attendance": attendance},
        organization_path=organization.path,
    )
    return session


def current_term(*, user=None, today=None, terms=None):
    """The term to show by default: the newest one with a congress `user` may see, else the
    term containing `today`, else the latest. (The demo's 2020 wave stays visible in 2026.)
    Without `user`, `terms` (every term, newest first, as the caller already read them)
    spares the queries."""
    if user is not None:
        newest = (
            Term.objects.filter(congresses__in=Congress.objects.visible_to(user))
            .order_by("-starts_on")
            .first()
        )
        if newest is not None:
            return newest
    today = today or timezone.localdate()
    if terms is not None:
        return next(
            (term for term in terms if term.starts_on <= today <= term.ends_on),
            terms[0] if terms else None,
        )
    return (
        Term.objects.filter(starts_on__lte=today, ends_on__gte=today).first()
        or Term.objects.order_by("-starts_on").first()
    )


def weeks_between(start, end):
    """Mondays from the week of `start` to the week of `end`, for weekly timelines."""
    monday = start - datetime.timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        weeks.append(monday)
        monday += datetime.timedelta(days=7)
    return weeks
