"""Reads of congresses for the layers above (reports): terms, level rules, congresses and
working groups in a subtree. Nothing here writes."""

from django.db.models import Case, Count, DateField, F, OuterRef, Q, Subquery, Value, When
from django.utils.translation import gettext as _

from congresses.models import Congress, ProgressEntry, Term, TermLevelRule, WorkingGroup


def term_named(name, *, as_of):
    """The term called `name`, else the last one started on or before `as_of`; or None."""
    term = Term.objects.filter(name=name).first() if name else None
    if term is None:
        term = Term.objects.order_by("-starts_on").filter(starts_on__lte=as_of).first()
    return term


def level_rules(term):
    """The term's TermLevelRule rows (labels, deadlines, age reference dates). One query."""
    return list(TermLevelRule.objects.filter(term=term))


def level_labels_of_year(year):
    """{level: name} from the level rules of the terms under way during `year`, the newest
    term's name winning (for figures kept per year, as the classification). One query."""
    return dict(
        TermLevelRule.objects.filter(term__starts_on__year__lte=year, term__ends_on__year__gte=year)
        .order_by("term__starts_on")
        .values_list("level", "label")
    )


def level_labels(term):
    """{level of the tree: its name in the level rules of `term`, a Term or its pk} ("Cấp cơ
    sở", "Chi bộ trực thuộc"): pages name levels, not numbers. One query; {} without a term."""
    if term is None:
        return {}
    return dict(TermLevelRule.objects.filter(term=term).values_list("level", "label"))


def name_levels(rows, labels, *, key="level"):
    """Put each row's level name under "label" (a level without a rule keeps its number, in
    words); returns the rows."""
    for row in rows:
        row["label"] = labels.get(row[key]) or _("Level %(number)s") % {"number": row[key]}
    return rows


def with_parent_name(congresses):
    """`congresses` with `parent_name`, the name of the organization directly above each
    congress's organization (a list of units named "Chi bộ 1…5" says whose they are), read
    in the same query."""
    from django.db.models.functions import Length, Substr

    from organizations.models import Organization

    parent_path = Substr(OuterRef("org_path"), 1, Length(OuterRef("org_path")) - Organization.STEP)
    return congresses.annotate(
        parent_name=Subquery(Organization.objects.filter(path=parent_path).values("name")[:1])
    )


def filtered_congresses(organization, term, filters, *, today, as_of=None):
    """The congresses of `organization`'s subtree in `term`, with their organizations, as the
    cleaned data of a CongressFilterForm (`filters`, or None) asks: stage, overdue on `today`,
    pilots only, the order. With `as_of` (core.asof), annotated `with_stage_on(as_of)`: the
    stage asked for is the stage on that date and "overdue" is overdue on it. Not evaluated."""
    congresses = (
        Congress.objects.in_subtree_on(organization, as_of)
        .filter(term=term)
        .select_related("organization")
    )
    if as_of is not None:
        congresses = congresses.with_stage_on(as_of)
        today = as_of
    if not filters:
        return congresses
    if filters["stage"]:
        stage_field = "stage_on" if as_of is not None else "stage"
        congresses = congresses.filter(**{stage_field: filters["stage"]})
    if filters["overdue"]:
        congresses = congresses.overdue(as_of=today)
    if filters["pilot"]:
        congresses = congresses.filter(is_pilot=True)
    order = {
        "planned": ("planned_date", "org_path"),
        "name": ("organization__name", "org_path"),
    }.get(filters["sort"])
    return congresses.order_by(*order) if order else congresses


def as_they_stood(congresses, as_of):
    """The congresses (annotated `with_stage_on(as_of)`) as they stood on `as_of`, for display:
    the stage then, the opening and closing dates only if they had closed by then, the approval
    only if approved by then. Nothing is saved; returns a list."""
    from congresses.choices import Stage

    shown = list(congresses)
    for congress in shown:
        congress.stage = congress.stage_on
        if not (congress.held_on and congress.held_on <= as_of):
            congress.started_on = congress.ended_on = None
        if congress.stage != Stage.RESULTS_APPROVED:
            congress.approval_number = ""
    return shown


def late_by_level(organization, term, rules, *, as_of):
    """Congresses held on `as_of`, per level, closed after their level's deadline (`rules`:
    the term's TermLevelRule rows). One query."""
    if not rules:
        return {}
    deadline = Case(
        *(When(level=rule.level, then=Value(rule.deadline)) for rule in rules),
        output_field=DateField(),
    )
    return {
        row["level"]: row["late"]
        for row in Congress.objects.regular()
        .filter(term=term)
        .in_subtree_on(organization, as_of)
        .held_on_or_before(as_of)
        .filter(ended_on__isnull=False)
        .annotate(deadline=deadline)
        .values("level")
        .annotate(late=Count("pk", filter=Q(ended_on__gt=F("deadline"))))
        .order_by()
    }


def congress_in(organization, pk, *, as_of=None):
    """The congress `pk` in `organization`'s subtree, with its organization and term; or None.
    With `as_of`, annotated with `stage_on`, its stage on that date."""
    congresses = Congress.objects.in_subtree(organization)
    if as_of:
        congresses = congresses.with_stage_on(as_of)
    return congresses.select_related("organization", "term").filter(pk=pk).first()


def working_group_in(organization, pk):
    """The working group `pk` owned by `organization` or below it, with its term; or None."""
    return (
        (
            WorkingGroup.objects.in_subtree(organization)
            | WorkingGroup.objects.filter(owner=organization)
        )
        .select_related("term")
        .filter(pk=pk)
        .first()
    )


def group_congresses(group, *, as_of=None):
    """The congresses of `group`'s organizations in its term, in tree order, each with the
    date and note of its last progress report. With `as_of` (core.asof), as they stood then
    (`as_they_stood`: the stage then, closed only if held by then) and the last report made by
    then. One query."""
    from core.asof import on_or_before

    latest = (
        ProgressEntry.objects.filter(congress=OuterRef("pk"))
        .filter(on_or_before("reported_on", as_of))
        .order_by("-reported_on", "-pk")
    )
    congresses = (
        Congress.objects.filter(term=group.term, organization__in=group.organizations.all())
        .founded_by(as_of)
        .select_related("organization")
        .annotate(
            last_report=Subquery(latest.values("reported_on")[:1]),
            last_note=Subquery(latest.values("note")[:1]),
        )
        .order_by("org_path")
    )
    if as_of is None:
        return list(congresses)
    return as_they_stood(congresses.with_stage_on(as_of), as_of)


def group_progress(groups, term, *, as_of):
    """{group pk: planned, held, overdue, pilots, pilots_held} of the regular congresses of
    `term` of the organizations assigned to each of `groups` directly, held on `as_of`
    (core.asof; as the dashboard's table of working groups counts them), of organizations
    founded by then (`founded_by`). One query."""
    rows = (
        Congress.objects.regular()
        .filter(term=term, organization__assigned_groups__in=groups)
        .founded_by(as_of)
        .rollup(as_of=as_of, group_id=F("organization__assigned_groups__pk"))
    )
    return {row.pop("group_id"): row for row in rows}


def pilot_congresses(organization, term):
    """The pilot congresses (is_pilot) of `term` over `organization`'s subtree with their
    organization, in tree order (the congress summary names them). One query."""
    return list(
        Congress.objects.regular()
        .filter(term=term, is_pilot=True)
        .in_subtree(organization)
        .select_related("organization")
        .order_by("org_path")
    )


def group_difficulties(group, *, as_of=None):
    """The progress entries on `group`'s congresses that record difficulties, reported on or
    before `as_of`, in tree order then by date, with their congress's organization (the
    working group's report prints them). One query."""
    from core.asof import on_or_before

    return list(
        ProgressEntry.objects.filter(
            congress__term=group.term, congress__organization__in=group.organizations.all()
        )
        .exclude(difficulties="")
        .filter(on_or_before("reported_on", as_of))
        .select_related("congress__organization")
        .order_by("congress__org_path", "reported_on", "pk")
    )


def summary_working_groups(organization, term, *, as_of):
    """The working groups of `term` set up by `organization` or below it, in tree order then
    by name, each with `figures`: its regular congresses followed (planned) and held on
    `as_of` (`group_progress`; zeros for a group with none). The congress summary lists them.
    Two queries."""
    groups = list(
        (
            WorkingGroup.objects.in_subtree_on(organization, as_of)
            | WorkingGroup.objects.filter(owner=organization)
        )
        .filter(term=term)
        .select_related("owner")
        .order_by("owner_path", "name", "pk")
    )
    progress = group_progress(groups, term, as_of=as_of) if groups else {}
    for group in groups:
        group.figures = progress.get(group.pk, {"planned": 0, "held": 0})
    return groups


def training_sessions(organization, term, *, as_of):
    """The training sessions on congress work of `term` over `organization`'s subtree held on
    or before `as_of` (core.asof), by date, with their organizations. One query."""
    from congresses.models import TrainingSession
    from core.asof import on_or_before

    return list(
        TrainingSession.objects.in_subtree_on(organization, as_of)
        .filter(on_or_before("held_on", as_of), term=term)
        .select_related("organization")
        .order_by("held_on", "org_path", "pk")
    )
