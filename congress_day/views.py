"""The congress day's pages: the check-in desk (a phone or a laptop) and the presidium's live
attendance panel."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from congress_day import selectors, services
from congress_day.forms import CheckInForm, CheckOutForm
from congress_day.models import DelegateCard
from congresses.models import Congress
from organizations import access

# The desk may use the camera of its own pages (the site's policy forbids it elsewhere).
CHECKIN_PERMISSIONS_POLICY = settings.PERMISSIONS_POLICY.replace("camera=()", "camera=(self)")


def _congress(request, pk):
    return get_object_or_404(
        Congress.objects.visible_to(request.user).select_related("organization", "term"), pk=pk
    )


def _answer(request, congress, form, answer=None):
    return render(
        request,
        "congress_day/includes/answer.html",
        {"congress": congress, "form": form, "answer": answer},
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, pk):
    """The check-in desk: a field that takes the card's token (scanned by the camera or typed)
    or the delegate's number; the answer comes back at once (htmx) and the field is ready for
    the next card."""
    congress = _congress(request, pk)
    access.require_write(request.user, congress.organization)
    if request.method == "POST":
        form = CheckInForm(request.POST)
        answer = None
        if form.is_valid():
            try:
                answer = services.check_in(
                    congress=congress,
                    entry=form.cleaned_data["entry"],
                    actor=request.user,
                    device=form.cleaned_data["device"],
                )
            except ValidationError as error:
                form.add_error("entry", error)
        if request.htmx:
            return _answer(request, congress, form, answer)
        if answer is not None:
            form = CheckInForm()  # the page again, with the answer and an empty field
    else:
        form, answer = CheckInForm(), None
    response = render(
        request,
        "congress_day/check_in.html",
        {
            "congress": congress,
            "form": form,
            "answer": answer,
            "closed": selectors.is_closed(congress),
            "counts": selectors.card_counts(congress),
        },
    )
    response["Permissions-Policy"] = CHECKIN_PERMISSIONS_POLICY
    return response


@login_required
@require_POST
def check_out(request, pk):
    """Record that a delegate left the hall (from the answer of a scan)."""
    congress = _congress(request, pk)
    access.require_write(request.user, congress.organization)
    form = CheckOutForm(request.POST)
    answer = None
    if form.is_valid():
        card = get_object_or_404(
            DelegateCard.objects.filter(congress=congress).select_related("member"),
            pk=form.cleaned_data["card"],
        )
        try:
            answer = services.check_out(
                congress=congress,
                card=card,
                actor=request.user,
                device=form.cleaned_data["device"],
            )
        except ValidationError as error:
            form.add_error(None, error)
    if not request.htmx:  # without JavaScript: back to the desk, the answer as a message
        if answer is None:
            for text in form.errors.get("__all__", []) or [_("Nothing was recorded.")]:
                messages.error(request, text)
        else:
            messages.success(
                request,
                _("%(name)s left the hall at %(time)s.")
                % {"name": answer.card.member.full_name, "time": answer.local_time},
            )
        return redirect("congress_day:check-in", pk=congress.pk)
    if answer is None:
        return _answer(request, congress, form)
    return _answer(request, congress, CheckInForm(), answer)


@login_required
@require_POST
def issue_cards(request, pk):
    """Issue a card to every convened member who has none yet."""
    congress = _congress(request, pk)
    access.require_write(request.user, congress.organization)
    try:
        count = services.issue_cards(congress=congress, actor=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        if count:
            messages.success(request, _("%(count)s delegate cards were issued.") % {"count": count})
        else:
            messages.info(request, _("Every convened member has a card already."))
    return redirect("congress_day:check-in", pk=congress.pk)


@login_required
@require_http_methods(["GET"])
def attendance(request, pk):
    """The presidium's live attendance: present / convened / share by organization and the
    quorum setting of R-EL-31; the table refreshes itself (htmx polling)."""
    congress = _congress(request, pk)
    context = {"congress": congress, "figures": selectors.attendance(congress)}
    if request.htmx:
        return render(request, "congress_day/includes/attendance_table.html", context)
    return render(request, "congress_day/attendance.html", context)
