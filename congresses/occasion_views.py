"""The pages that plan the congresses besides the term's regular one (issue 15, item 6): a
cell's mid-term congress (R-WV-10), the congress after a merger (R-OR-06) and an
extraordinary congress. Each asks before it plans; congresses.occasions does the writing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from congresses import occasions, rulepacks, services, terms
from congresses.forms import CongressFilterForm, ExtraordinaryCongressForm
from congresses.views import _visible_congress_or_404
from core.forms import add_service_errors
from organizations import access
from organizations.choices import Role


def _staff_organization_and_term(request, pk):
    """The organization `pk` (404 out of scope, 403 not its staff) and the term the page is
    for (the one asked in the query, else the one the list showed)."""
    organization = access.get_visible_organization_or_404(request.user, pk)
    access.require_role(request.user, organization, {Role.STAFF})
    form = CongressFilterForm(request.GET or None)
    asked = form.cleaned_data.get("term") if form.is_valid() else None
    return organization, terms.chosen_term(request, organization, asked=asked)


def _refused(request, error):
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_http_methods(["GET", "POST"])
def mid_term_plan(request, pk):
    """Plan the mid-term congresses of the cells of a committee (or of one cell), after a page
    that says how many, in which window, under which rule of the term."""
    organization, term = _staff_organization_and_term(request, pk)
    if term is None:
        messages.error(request, _("No term has been set up yet."))
        return redirect("congresses:congress-list", pk=organization.pk)
    if request.method == "POST":
        try:
            planned = occasions.plan_mid_term_congresses(
                term=term, root=organization, actor=request.user
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s mid-term cell congress was planned for the term %(term)s.",
                    "%(count)s mid-term cell congresses were planned for the term %(term)s.",
                    len(planned),
                )
                % {"count": len(planned), "term": term},
            )
        return redirect("congresses:congress-list", pk=organization.pk)
    allowed = occasions.cells_hold_mid_term_congress(term)
    window_start, window_end = occasions.mid_term_window(term)
    return render(
        request,
        "congresses/mid_term_confirm.html",
        {
            "organization": organization,
            "term": term,
            "allowed": allowed,
            "count": occasions.mid_term_candidates(term=term, root=organization).count()
            if allowed
            else 0,
            "window_start": window_start,
            "window_end": window_end,
            "rule": rulepacks.cite(term, "R-WV-10"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def merger_congress_plan(request, pk):
    """Plan the congress after a merger of the congress `pk`'s organization (R-OR-06), after
    a page that names the merger."""
    congress = _visible_congress_or_404(request.user, pk)
    access.require_role(request.user, congress.organization, {Role.STAFF})
    if request.method == "POST":
        try:
            planned = occasions.plan_merger_congress(congress=congress, actor=request.user)
        except ValidationError as error:
            _refused(request, error)
            return redirect("congresses:congress-detail", pk=congress.pk)
        messages.success(request, _("The congress after the merger was planned."))
        return redirect("congresses:congress-detail", pk=planned.pk)
    return render(
        request,
        "congresses/merger_congress_confirm.html",
        {
            "congress": congress,
            "merger": services.merger_congress_due(congress),
            "contents_rule": rulepacks.cite(congress.term, "R-WV-13"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def extraordinary_create(request, pk):
    """Plan an extraordinary congress of organization `pk` in the term: the reason first, then
    a page that asks before it is planned."""
    organization, term = _staff_organization_and_term(request, pk)
    if term is None:
        messages.error(request, _("No term has been set up yet."))
        return redirect("congresses:congress-list", pk=organization.pk)
    form = ExtraordinaryCongressForm(request.POST or None)
    confirming = False
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["confirmed"]:
            confirming = True
        else:
            try:
                planned = occasions.plan_extraordinary_congress(
                    organization=organization,
                    term=term,
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The extraordinary congress was planned."))
                return redirect("congresses:congress-detail", pk=planned.pk)
    return render(
        request,
        "congresses/extraordinary_form.html",
        {"organization": organization, "term": term, "form": form, "confirming": confirming},
    )
