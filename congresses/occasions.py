"""Congresses besides the term's regular one (issue 15, item 6): a cell's mid-term congress
(R-WV-10), the congress after a merger (R-OR-06, R-WV-13) and the extraordinary congress.

Each is planned here, one transaction with its audit row; a second congress of an occasion
held once a term is refused with the congress already there named, and nothing is written.
The database's conditional unique constraints (`one_<occasion>_congress_per_term`) back the
check against two requests at once.
"""

import calendar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from congresses import rulepacks, services
from congresses.choices import HELD_STAGES, CongressContent, CongressOccasion
from congresses.models import Congress
from core.audit import record_audit
from core.text import normalize_text
from organizations.models import Organization
from organizations.services import kind_period


def add_months(day, months):
    """`day` moved by `months` (negative: back), the day of the month kept where the month
    has it, else its last day (31/8 + 6 months → 28/2 or 29/2)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def mid_term_window(term):
    """(first day, last day) a cell's mid-term congress may be held (R-WV-10): the term's
    midpoint, give or take the term's allowance in months (the grassroots committee's
    approval)."""
    midpoint = term.starts_on + (term.ends_on - term.starts_on) / 2
    allowance = term.mid_term_allowance_months
    return add_months(midpoint, -allowance), add_months(midpoint, allowance)


def cells_hold_mid_term_congress(term):
    """R-WV-10: the term's rule gives cells two congresses (a setting of the term)."""
    return term.cell_congresses_per_term >= 2


def existing_congress(*, organization, term, occasion):
    """The congress of `occasion` `organization` already has in `term`, or None."""
    return (
        Congress.objects.filter(organization=organization, term=term, occasion=occasion)
        .select_related("organization", "term")
        .first()
    )


def _refuse_duplicate(existing):
    raise ValidationError(
        _("%(congress)s is already recorded (ordinal %(ordinal)s): a second one is not planned.")
        % {"congress": existing, "ordinal": services.roman(existing.ordinal)}
    )


def _insert(congresses):
    """Insert `congresses`; two requests at once meet the unique constraints: refused."""
    try:
        with transaction.atomic():
            Congress.objects.bulk_create(congresses, batch_size=2000)
    except IntegrityError:
        raise ValidationError(
            _("Someone else planned this congress at the same time. Reload and look.")
        ) from None


def mid_term_candidates(*, term, root):
    """The current cells of `root`'s subtree (`root` itself if it is a cell) that hold a
    mid-term congress in `term`: a regular congress planned this term, no mid-term one yet.
    With their kind; in tree order. Not evaluated."""
    of_term = Congress.objects.filter(term=term, organization=OuterRef("pk"))
    return (
        Organization.objects.in_subtree(root)
        .filter(valid_to__isnull=True, kind__holds_members=True)
        .filter(Exists(of_term.regular()))
        .exclude(Exists(of_term.filter(occasion=CongressOccasion.MID_TERM)))
        .select_related("kind")
    )


@transaction.atomic
def plan_mid_term_congresses(*, term, root, actor):
    """A mid-term congress (R-WV-10) for every current cell of `root`'s subtree (or `root`, a
    cell) with a regular congress in `term` and no mid-term one: its window the term's midpoint
    ± the allowance, its ordinal the cell's previous + 1, its kind and content those of its
    regular congress. Returns the congresses planned.

    Refused (nothing written) when the term's rule gives cells one congress, when there is no
    cell below `root`, when the cell `root` has no regular congress in the term yet, or when
    every cell already has its mid-term congress (the first one named).
    Side effects: the congress rows (one bulk insert); one audit row.
    """
    if not cells_hold_mid_term_congress(term):
        raise ValidationError(
            _(
                "Under the rules of the term %(term)s cells hold one congress a term: there is "
                "no mid-term congress to plan."
            )
            % {"term": term}
        )
    cells = Organization.objects.in_subtree(root).filter(
        valid_to__isnull=True, kind__holds_members=True
    )
    if not cells.exists():
        raise ValidationError(
            _("Only cells hold a mid-term congress (%(rule)s), and %(organization)s has none.")
            % {"organization": root, "rule": rulepacks.cite(term, "R-WV-10")}
        )
    candidates = list(mid_term_candidates(term=term, root=root))
    if not candidates:
        existing = (
            Congress.objects.in_subtree(root)
            .filter(term=term, occasion=CongressOccasion.MID_TERM)
            .select_related("organization", "term")
            .first()
        )
        if existing is not None:
            _refuse_duplicate(existing)
        raise ValidationError(
            _("Plan the term's congress of the cells first: the mid-term congress follows it.")
        )
    regular = {
        congress.organization_id: congress
        for congress in Congress.objects.regular().filter(term=term, organization__in=candidates)
    }
    ordinals = services.ordinals_for([cell.pk for cell in candidates], term)
    services.make_room_for([cell.pk for cell in candidates], term, actor=actor)
    window_start, window_end = mid_term_window(term)
    congresses = [
        Congress(
            term=term,
            organization=cell,
            org_path=cell.path,
            level=cell.kind.level,
            ordinal=ordinals[cell.pk],
            occasion=CongressOccasion.MID_TERM,
            kind=regular[cell.pk].kind,
            content=regular[cell.pk].content,
            window_start=window_start,
            window_end=window_end,
        )
        for cell in candidates
    ]
    _insert(congresses)
    record_audit(
        actor=actor,
        action="congress.mid_term_planned",
        target=root,
        data={"term": term.name, "congresses": len(congresses)},
        organization_path=root.path,
    )
    return congresses


@transaction.atomic
def plan_merger_congress(*, congress, actor):
    """The congress after a merger (R-OR-06) of `congress`'s organization, merged into after
    `congress` (its regular congress of the term, held): two contents, the committee appointed
    (R-WV-13), its ordinal the previous + 1, its window from the merger day to the term's end.
    Refused (nothing written) without such a merger, or when the term has its merger congress
    already (named). Side effects: the congress row; one audit row. Returns the congress."""
    existing = existing_congress(
        organization=congress.organization, term=congress.term, occasion=CongressOccasion.MERGER
    )
    if existing is not None:
        _refuse_duplicate(existing)
    merger = (
        services.merger_after(congress)
        if congress.is_regular and congress.stage in HELD_STAGES
        else None
    )
    if merger is None:
        raise ValidationError(
            _(
                "A congress after a merger is planned when another organization merged into "
                "this one after its term congress was held (%(rule)s)."
            )
            % {"rule": rulepacks.cite(congress.term, "R-OR-06")}
        )
    organization = congress.organization
    ordinal = services.ordinals_for([organization.pk], congress.term)[organization.pk]
    services.make_room_for([organization.pk], congress.term, actor=actor)
    planned = Congress(
        term=congress.term,
        organization=organization,
        org_path=organization.path,
        level=congress.level,
        ordinal=ordinal,
        occasion=CongressOccasion.MERGER,
        kind=congress.kind,
        content=CongressContent.TWO,
        window_start=merger.merged_on,
        window_end=congress.term.ends_on,
    )
    _insert([planned])
    record_audit(
        actor=actor,
        action="congress.merger_planned",
        target=planned,
        data={"term": congress.term.name, "merged_on": merger.merged_on},
        organization_path=organization.path,
    )
    return planned


def _refuse_kind_ended(organization, term):
    """R-OR-05, as the term plan: refused when the organization's kind is valid on no day of
    the term from the day the plan is made (its start, if later) to its end (a district
    committee in 2025–2030: its kind ended on 30/6/2025)."""
    kind = organization.kind
    start = max(term.starts_on, timezone.localdate())
    if start > term.ends_on:
        start = term.starts_on  # a past term, recorded afterwards: its whole span
    ended = kind.valid_until is not None and kind.valid_until < start
    not_yet = kind.valid_from is not None and kind.valid_from > term.ends_on
    if ended or not_yet:
        raise ValidationError(
            _(
                "%(organization)s is a %(kind)s, a kind valid %(period)s: it holds no congress "
                "in the term %(term)s from %(start)s (%(rule)s)."
            )
            % {
                "organization": organization.name,
                "kind": kind.name,
                "period": kind_period(kind),
                "term": term.name,
                "start": start.strftime("%d/%m/%Y"),
                "rule": rulepacks.cite(term, "R-OR-05"),
            }
        )


@transaction.atomic
def plan_extraordinary_congress(*, organization, term, reason, actor):
    """An extraordinary congress of `organization` in `term`, with the reason it is held
    (required). May repeat in a term. Its ordinal the previous + 1; its kind that of the
    regular congress of the term (else suggested by the member count, R-WV-04); four contents.
    Side effects: the congress row; one audit row. Returns the congress."""
    reason = normalize_text(reason or "")
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the extraordinary congress.")})
    if organization.valid_to is not None:
        # As the term plan and the mid-term plan: an organization that has ended holds none.
        raise ValidationError(
            _("%(organization)s ended on %(date)s: it holds no more congresses.")
            % {
                "organization": organization.name,
                "date": organization.valid_to.strftime("%d/%m/%Y"),
            }
        )
    _refuse_kind_ended(organization, term)
    regular = Congress.objects.regular().filter(organization=organization, term=term).first()
    if regular is not None:
        kind = regular.kind
    else:
        members = services.member_counts_by_organization(organization)
        kind = services.suggest_kind(
            term=term,
            level=organization.kind.level,
            member_count=members.get(organization.path, 0),
        )
    extraordinary = CongressOccasion.EXTRAORDINARY
    ordinal = services.ordinals_for([organization.pk], term, occasion=extraordinary)
    services.make_room_for([organization.pk], term, actor=actor, occasion=extraordinary)
    planned = Congress(
        term=term,
        organization=organization,
        org_path=organization.path,
        level=organization.kind.level,
        ordinal=ordinal[organization.pk],
        occasion=CongressOccasion.EXTRAORDINARY,
        occasion_reason=reason,
        kind=kind,
        content=CongressContent.FOUR,
    )
    _insert([planned])
    record_audit(
        actor=actor,
        action="congress.extraordinary_planned",
        target=planned,
        data={"term": term.name, "reason": reason},
        organization_path=organization.path,
    )
    return planned


def occasion_label(congress):
    """The occasion of `congress` for a heading: blank for the regular congress."""
    return "" if congress.is_regular else congress.get_occasion_display()
