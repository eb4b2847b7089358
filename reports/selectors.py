"""Reads of the reports app: the quick reports received over a subtree (R-RP-02)."""

from django.db.models import Count

from reports.models import QuickReport


def quick_reports_by_level(organization, term, as_of):
    """{"quick_reports": {level: quick reports of `term`'s congresses over `organization`'s
    subtree sent up on or before `as_of`}}: one grouped query. Registered with
    personnel.hooks.register_rollup_counts, for the results roll-up."""
    rows = (
        QuickReport.objects.in_subtree_on(organization, as_of)
        .filter(congress__term=term, sent_at__isnull=False)
        .filter(**({"sent_at__date__lte": as_of} if as_of else {}))
        .values("congress__level")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {"quick_reports": {row["congress__level"]: row["count"] for row in rows}}


def summary_narrative(organization, term):
    """The staff's text of `organization`'s congress summary for `term`, or None. One query."""
    from reports.models import SummaryNarrative

    return SummaryNarrative.objects.filter(organization=organization, term=term).first()
