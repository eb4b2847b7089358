from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from congresses import charts
from congresses.choices import CongressOccasion
from congresses.models import Term
from congresses.terms import chosen_term
from core.asof import as_of_from
from organizations import access, figure_cache
from organizations.choices import Role
from organizations.selectors import visible_ancestors


class DashboardFilterForm(forms.Form):
    """Parses the dashboard's term (the template draws the inputs; the date is read by
    core.asof.as_of_from); a value that does not parse is ignored with a message, never an
    error page."""

    term = forms.TypedChoiceField(coerce=int, required=False)

    def __init__(self, *args, terms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].choices = [(term.pk, term.name) for term in terms]


def _bar_rows(rows, label):
    return [(label(row), row["planned"], row["held"]) for row in rows]


@login_required
@require_GET
def wave_dashboard(request, pk):
    """The congress wave of one term over `pk`'s subtree: figures, tables and SVG charts.

    A constant number of queries whatever the subtree's size (congresses.dashboard.wave_figures).
    With htmx (the filter form) only the `dashboard` partial is sent back.
    """
    organization = access.get_visible_organization_or_404(request.user, pk)
    ancestors = visible_ancestors(organization, request.user)
    terms = list(Term.objects.all())
    form = DashboardFilterForm(request.GET, terms=terms)
    form.is_valid()  # Fills cleaned_data with the fields that parse; the others are ignored.
    errors = []
    as_of, unreadable = as_of_from(request)
    if unreadable:
        errors.append(_("The date could not be read (dd/mm/yyyy); figures are as of today."))
    if "term" in form.errors:
        errors.append(_("There is no such term; the current term is shown."))
    wanted = form.cleaned_data.get("term")
    asked = next((item for item in terms if item.pk == wanted), None)
    term = chosen_term(request, organization, asked=asked) if terms else None

    context = {
        "organization": organization,
        "ancestors": ancestors,
        "terms": terms,
        "errors": errors,
        "term": term,
        # District staff set the dates of many congresses at once (the schedule grid).
        "can_schedule": term is not None
        and access.has_role(request.user, organization, {Role.STAFF}),
        "as_of": as_of,
    }
    if term is not None:
        # A whole city's wave (~200 ms at 27,000 congresses) is counted off the request.
        figures = figure_cache.high_figures(
            organization,
            "congresses.dashboard.count_wave_figures",
            term=term.pk,
            as_of=as_of.isoformat(),
        )
        planned_label = _("Congresses planned")
        held_label = _("Congresses held")
        context.update(figures)
        # Figures counted before the occasions were kept (a cached entry) have none.
        context["other_occasions"] = [
            {**row, "label": CongressOccasion(row["occasion"]).label}
            for row in figures.get("other_occasions", [])
        ]
        context["child_chart"] = charts.held_vs_planned_bars(
            _bar_rows(figures["by_child"], lambda row: row["organization"] or "?"),
            title=_("Held and planned congresses by organization directly below"),
            planned_label=planned_label,
            held_label=held_label,
        )
        context["level_chart"] = charts.held_vs_planned_bars(
            _bar_rows(figures["by_level"], lambda row: row["label"]),
            title=_("Held and planned congresses by level"),
            planned_label=planned_label,
            held_label=held_label,
        )
        context["timeline_chart"] = charts.cumulative_timeline(
            [(point["week"], point["planned"], point["held"]) for point in figures["timeline"]],
            title=_("Congresses planned and held, cumulative by week"),
            planned_label=planned_label,
            held_label=held_label,
            as_of=as_of,
        )

    template = "congresses/dashboard.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#dashboard"
    response = render(request, template, context)
    # The same URL answers a whole page or a fragment: caches must tell them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response
