"""The congress day's pages: the check-in desk (a phone or a laptop), the presidium's live
attendance panel and the congress-day page with its votes."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from congress_day import selectors, services
from congress_day.choices import Body, VoteSubject
from congress_day.forms import (
    AgendaItemForm,
    BodyMemberForm,
    CheckInForm,
    CheckOutForm,
    MoveItemForm,
    RemoveBodyMemberForm,
    ResolutionForm,
    VoteForm,
)
from congress_day.models import AgendaItem, BodyMember, DelegateCard
from congresses.models import Congress
from organizations import access
from organizations.models import Member

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


@login_required
@require_http_methods(["GET", "POST"])
def programme(request, pk):
    """The congress-day page: the programme by session, the votes recorded and a form for the
    next one. A valid vote is first shown back for confirmation (the counts, those present and
    the result it will have); only the confirmed post records it. Writers also make the
    default programme and move its items."""
    congress = _congress(request, pk)
    writable = access.can_write(request.user, congress.organization)
    counted = selectors.present_count(congress)
    form, confirming = VoteForm(counted=counted, congress=congress), None
    resolution_form = ResolutionForm(congress=congress)
    if request.method == "POST":
        access.require_write(request.user, congress.organization)
        action = request.POST.get("action", "vote")
        if action in ("create-programme", "move"):
            _programme_action(request, congress, action)
            return redirect("congress_day:programme", pk=congress.pk)
        if action == "resolution":
            resolution_form = ResolutionForm(request.POST, congress=congress)
            if resolution_form.is_valid():
                data = resolution_form.cleaned_data
                try:
                    services.record_resolution(
                        vote=data["vote"],
                        title=data["title"],
                        text=data["text"],
                        tasks=data["tasks"],
                        actor=request.user,
                    )
                except ValidationError as error:
                    _add_errors(resolution_form, error)
                else:
                    messages.success(request, _("The resolution was recorded."))
                    return redirect("congress_day:programme", pk=congress.pk)
        elif action in ("add-member", "remove-member"):
            _body_action(request, congress, action)
            return redirect("congress_day:programme", pk=congress.pk)
        else:
            form, confirming, vote = _vote_step(request, congress, counted)
            if vote is not None:
                messages.success(
                    request,
                    (
                        _("“%(title)s” was adopted.")
                        if vote.adopted
                        else _("“%(title)s” was not adopted.")
                    )
                    % {"title": vote.title},
                )
                return redirect("congress_day:programme", pk=congress.pk)
    return render(
        request,
        "congress_day/programme.html",
        {
            "congress": congress,
            "form": form,
            "confirming": confirming,
            "writable": writable,
            "closed": selectors.is_closed(congress),
            "counted": counted,
            "votes": selectors.votes(congress),
            "agenda": selectors.agenda(congress),
            "programme_vote": selectors.programme_vote(congress),
            "rule_percent": round(float(selectors.adoption_rule()) * 100, 1),
            "moves": [("up", _("Move up")), ("down", _("Move down"))],
            "bodies": selectors.bodies(congress),
            "resolution_form": resolution_form,
            "resolutions": selectors.resolutions(congress),
            "find": request.GET.get("find", "")[:100],
            "found": selectors.find_convened(congress, request.GET.get("find", "")[:100])
            if writable
            else [],
            "body_choices": [
                (body, label)
                for body, label in Body.choices
                if body != Body.CREDENTIALS or congress.kind == "delegate"
            ],
        },
    )


def _programme_action(request, congress, action):
    """Make the default programme, or move an item up or down; the outcome as a message."""
    try:
        if action == "create-programme":
            count = services.create_programme(congress=congress, actor=request.user)
            messages.success(
                request, _("The programme was made with %(count)s items.") % {"count": count}
            )
            return
        form = MoveItemForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Nothing was moved."))
            return
        item = get_object_or_404(
            AgendaItem.objects.filter(congress=congress), pk=form.cleaned_data["item"]
        )
        services.move_agenda_item(
            item=item, up=form.cleaned_data["direction"] == "up", actor=request.user
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)


def _body_action(request, congress, action):
    """Put a member picked by name on a body, or take one off; the outcome as a message."""
    form = (BodyMemberForm if action == "add-member" else RemoveBodyMemberForm)(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed."))
        return
    try:
        if action == "add-member":
            member = get_object_or_404(
                Member.objects.in_subtree(congress.organization), pk=form.cleaned_data["member"]
            )
            seat = services.add_body_member(
                congress=congress, body=form.cleaned_data["body"], member=member, actor=request.user
            )
            messages.success(
                request,
                _("%(name)s was put on the %(body)s.")
                % {"name": member.full_name, "body": seat.get_body_display()},
            )
        else:
            seat = get_object_or_404(
                BodyMember.objects.filter(congress=congress).select_related("congress"),
                pk=form.cleaned_data["seat"],
            )
            services.remove_body_member(seat=seat, actor=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)


def _vote_step(request, congress, counted):
    """(form, confirmation or None, the vote recorded or None) of a posted vote."""
    form = VoteForm(request.POST, counted=counted, congress=congress)
    if "edit" in request.POST:  # back from the confirmation, the input kept
        again = {**request.POST.dict(), "confirmed": ""}
        return VoteForm(again, counted=counted, congress=congress), None, None
    if not form.is_valid():
        return form, None, None
    data = form.cleaned_data
    present = counted if counted is not None else data["present"]
    if data["confirmed"]:
        try:
            vote = services.record_vote(
                congress=congress,
                subject=data["subject"],
                title=data["title"],
                body=data["body"],
                ballot=data["ballot"],
                agree=data["agree"],
                disagree=data["disagree"],
                abstain=data["abstain"],
                present=data.get("present"),
                voted_on=data["voted_on"],
                actor=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
            return form, None, None
        return form, None, vote
    try:
        voted_on = services.vote_date(congress, data["voted_on"])
    except ValidationError as error:
        _add_errors(form, error)
        return form, None, None
    if data["agree"] + data["disagree"] + data["abstain"] > present:
        form.add_error(
            None,
            _("Agree, disagree and abstain add up to more than the %(present)s present.")
            % {"present": present},
        )
        return form, None, None
    confirming = {
        "present": present,
        "adopted": selectors.is_adopted(data["agree"], present),
        "subject": dict(form.fields["subject"].choices)[data["subject"]],
        "ballot": data["ballot"] if data["subject"] == VoteSubject.LISTS else None,
        "voted_on": voted_on,
    }
    again = {**request.POST.dict(), "confirmed": "True"}
    return VoteForm(again, counted=counted, congress=congress), confirming, None


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item(request, pk, item):
    """Edit one item of the programme: title, time, speaker, document (writers)."""
    congress = _congress(request, pk)
    access.require_write(request.user, congress.organization)
    item = get_object_or_404(
        AgendaItem.objects.filter(congress=congress).select_related("congress"), pk=item
    )
    if request.method == "POST":
        form = AgendaItemForm(request.POST, congress=congress)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_agenda_item(
                    item=item,
                    version=data["version"],
                    title=data["title"],
                    starts_at=data["starts_at"],
                    speaker=data["speaker"],
                    document=data["document"],
                    actor=request.user,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The programme item was saved."))
                return redirect("congress_day:programme", pk=congress.pk)
    else:
        form = AgendaItemForm(
            congress=congress,
            initial={
                "title": item.title,
                "starts_at": item.starts_at,
                "speaker": item.speaker,
                "document": item.document_id,
                "version": item.version,
            },
        )
    return render(
        request, "congress_day/agenda_item.html", {"congress": congress, "item": item, "form": form}
    )


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
