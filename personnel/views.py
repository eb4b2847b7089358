from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from congresses import rulepacks
from congresses.choices import CongressContent, CongressKind
from congresses.models import Congress, Term
from core.asof import on_or_before, page_as_of, page_context, today
from core.forms import add_service_errors, parse_id
from core.pickers import picker_response
from organizations import access
from organizations.models import Member
from organizations.pickers import MEMBERS
from personnel import hooks, rules, selectors, services
from personnel.elections import threshold
from personnel.forms import (
    AppointmentForm,
    BallotForm,
    CandidateEditForm,
    CandidateForm,
    CommitteePlanForm,
    ComplaintForm,
    CountingAccountForm,
    CountingMemberForm,
    KeyPostForm,
    MinutesNumberForm,
    RoundForm,
)
from personnel.models import Ballot, Candidate, CommitteePlan, ElectionRound
from personnel.rollup import appointed_by_level, results_rollup_figures
from personnel.tally import selectors as tally_selectors
from personnel.tally.services import set_counting_account


def _visible_congress_or_404(user, pk):
    return get_object_or_404(
        Congress.objects.visible_to(user).select_related("organization__kind", "term"), pk=pk
    )


def _visible_ballot_or_404(user, pk):
    return get_object_or_404(
        Ballot.objects.visible_to(user).select_related(
            "congress__organization__kind", "congress__term"
        ),
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def congress_personnel(request, pk):
    """A congress's committee plan and its elections as they stood on `as_of` (core.asof,
    default today): the rounds (and their votes, the elected), the key-post nominations and
    the appointments dated on or before it, the count log as entered by then. Staff add an
    election or save the plan on today's state only: on a past date the page is read-only and
    says so (as the congress page)."""
    congress = _visible_congress_or_404(request.user, pk)
    # Read once the congress is known to be visible (a 404 leaves no message behind); a post
    # acts on today's state, whatever date the page was showing.
    as_of = page_as_of(request) if request.method == "GET" else today()
    past = as_of < today()
    shown = as_of if past else None  # today's page: every row, as before
    can_write = access.can_write(request.user, congress.organization) and not past
    plan = CommitteePlan.objects.filter(congress=congress).first()
    plan_initial = (
        {
            "committee_seats": plan.committee_seats,
            "standing_seats": plan.standing_seats,
            "planned_reelected": plan.planned_reelected,
            "note": plan.note,
            "version": plan.version,
        }
        if plan
        else {"version": 0}  # "no plan yet": creating goes through the same compare-and-set
    )
    ballot_kinds = selectors.electable_kinds(congress)
    ballot_form = BallotForm(prefix="ballot", kinds=ballot_kinds)
    plan_form = CommitteePlanForm(prefix="plan", initial=plan_initial)
    key_post_form = KeyPostForm(prefix="key", congress=congress)
    counting_form = CountingMemberForm(prefix="counting", members=Member.objects.none())
    account_form = CountingAccountForm(prefix="account", congress=congress)
    appointable = congress.content == CongressContent.TWO
    # Only a 2-content congress has appointed bodies (R-WV-13): no query for the others.
    appointed = selectors.appointed_bodies(congress, as_of=shown) if appointable else []
    versions = {body["appointment"].kind: body["appointment"].version for body in appointed}
    appointment_kinds = selectors.appointable_kinds(congress) if appointable else ()
    appointment_form = AppointmentForm(
        prefix="appointment",
        members=Member.objects.none(),
        versions=versions,
        kinds=appointment_kinds,
    )
    if request.method == "POST":
        access.require_write(request.user, congress.organization)
        if request.POST.get("form") == "counting":
            members = _congress_members(request.user, congress)
            counting_form = CountingMemberForm(request.POST, prefix="counting", members=members)
            form = counting_form
        elif request.POST.get("form") == "counting_account":
            account_form = CountingAccountForm(request.POST, prefix="account", congress=congress)
            form = account_form
        elif request.POST.get("form") == "plan":
            plan_form = CommitteePlanForm(request.POST, prefix="plan", initial=plan_initial)
            form = plan_form
        elif request.POST.get("form") == "appointment":
            members = _congress_members(request.user, congress)
            appointment_form = AppointmentForm(
                request.POST, prefix="appointment", members=members, kinds=appointment_kinds
            )
            form = appointment_form
        elif request.POST.get("form") == "key_post":
            key_post_form = KeyPostForm(request.POST, prefix="key", congress=congress)
            form = key_post_form
        else:
            ballot_form = BallotForm(request.POST, prefix="ballot", kinds=ballot_kinds)
            form = ballot_form
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                if form is plan_form:
                    services.save_committee_plan(
                        congress=congress,
                        actor=request.user,
                        committee_seats=data["committee_seats"],
                        standing_seats=data["standing_seats"],
                        planned_reelected=data["planned_reelected"],
                        note=data["note"],
                        expected_version=data["version"] or 0,
                    )
                    messages.success(request, _("The committee plan was saved."))
                elif form is counting_form:
                    services.add_counting_member(congress=congress, actor=request.user, **data)
                    messages.success(request, _("Added to the counting committee."))
                elif form is account_form:
                    set_counting_account(
                        counting_member=data["counting_member"],
                        actor=request.user,
                        username=data["username"],
                    )
                    messages.success(request, _("The account was set."))
                elif form is appointment_form:
                    services.record_appointment(
                        congress=congress, actor=request.user, **form.service_arguments()
                    )
                    messages.success(request, _("The appointment was recorded."))
                elif form is key_post_form:
                    services.nominate_key_post(congress=congress, actor=request.user, **data)
                    messages.success(request, _("The key post nomination was recorded."))
                else:
                    services.add_ballot(congress=congress, actor=request.user, **data)
                    messages.success(request, _("The election was added."))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("personnel:congress-personnel", pk=congress.pk)
    ballots = congress.ballots.annotate(
        candidate_count=Count("candidates", distinct=True),
        round_count=Count("rounds", filter=on_or_before("rounds__held_on", shown), distinct=True),
    )
    return render(
        request,
        "personnel/congress_personnel.html",
        {
            "congress": congress,
            **page_context(as_of),
            "past": past,
            "plan": plan,
            "ballots": ballots,
            "can_write": can_write,
            "ballot_form": ballot_form if can_write else None,
            "plan_form": plan_form if can_write else None,
            "key_post_form": key_post_form if can_write else None,
            "counting_form": counting_form if can_write else None,
            "account_form": account_form if can_write else None,
            "appointment_form": appointment_form if can_write and appointable else None,
            "appointable": appointable,
            "appointed": appointed,
            "counting_members": congress.counting_members.select_related("account"),
            "log_head": tally_selectors.log_head(congress, as_of=shown),
            "key_posts": selectors.key_post_figures(congress, as_of=shown),
            "body": selectors.elected_body_figures(congress, as_of=shown),
            "bodies": selectors.elected_bodies(congress, as_of=shown),
        },
    )


def _slate_context(request, ballot, form=None):
    congress = ballot.congress
    candidates = list(
        ballot.candidates.annotate(
            open_complaints=Count("complaints", filter=Q(complaints__is_resolved=False))
        ).order_by("full_name", "pk")
    )
    can_write = access.can_write(request.user, congress.organization)
    figures = selectors.slate_figures(ballot=ballot, term=congress.term, candidates=candidates)
    for candidate in candidates:
        candidate.service_left = figures["short_of_service"].get(candidate.pk)
    return {
        "ballot": ballot,
        "congress": congress,
        "candidates": candidates,
        "figures": figures,
        "can_write": can_write,
        "form": form or (_candidate_form(request, ballot) if can_write else None),
        "rounds": ballot.rounds.all(),
        "appointment_due": selectors.secretary_to_be_appointed(ballot),
        "secretary_rounds": rules.CELL_SECRETARY_ROUNDS,
    }


def _congress_members(user, congress):
    """The members a candidate, an appointee or a counter may be picked from: visible to
    `user`, in the congress's tree, members on the congress's day (its opening, else its
    planned date, else today: core.asof, as the delegates' roll)."""
    day = selectors.congress_day(congress)
    return Member.objects.visible_to(user).in_subtree(congress.organization).on(day)


def _candidate_members(user, ballot):
    return _congress_members(user, ballot.congress)


def _candidate_form(request, ballot, data=None):
    return CandidateForm(
        data,
        members=_candidate_members(request.user, ballot),
        search_url=reverse("personnel:candidate-search", args=[ballot.pk]),
    )


@login_required
@require_GET
def candidate_search(request, pk):
    """The candidate picker's search (core.pickers): members by accent-free name or code,
    for the staff who may add candidates to this ballot."""
    ballot = _visible_ballot_or_404(request.user, pk)
    access.require_write(request.user, ballot.congress.organization)
    return picker_response(request, MEMBERS, _candidate_members(request.user, ballot))


@login_required
@require_http_methods(["GET", "POST"])
def ballot_detail(request, pk):
    """A ballot's list with the live target table; staff add and remove candidates.

    With htmx only the `slate-figures` partial is sent back.
    """
    ballot = _visible_ballot_or_404(request.user, pk)
    form = None
    if request.method == "POST":
        congress = ballot.congress
        access.require_write(request.user, congress.organization)
        try:
            if request.POST.get("action") == "remove":
                candidate_id = parse_id(request.POST.get("candidate"))
                if candidate_id is None:
                    raise Http404
                candidate = get_object_or_404(ballot.candidates, pk=candidate_id)
                services.remove_candidate(ballot=ballot, candidate=candidate, actor=request.user)
                messages.success(
                    request, _("%(name)s was taken off the list.") % {"name": candidate.full_name}
                )
            else:
                form = _candidate_form(request, ballot, request.POST)
                if form.is_valid():
                    data = dict(form.cleaned_data)
                    data.pop("member_code")
                    candidate = services.add_candidate(ballot=ballot, actor=request.user, **data)
                    form = None
                    messages.success(
                        request, _("%(name)s was put on the list.") % {"name": candidate.full_name}
                    )
        except ValidationError as error:
            if form is not None:
                add_service_errors(form, error)
            else:
                for message in error.messages:
                    messages.error(request, message)
        if form is None and not request.htmx:
            return redirect("personnel:ballot-detail", pk=ballot.pk)
    template = "personnel/ballot_detail.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#slate-figures"
    response = render(request, template, _slate_context(request, ballot, form))
    response.headers["Vary"] = "HX-Request"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request, pk):
    """Enter the minutes of the next round of a ballot; the result is counted and stored."""
    ballot = _visible_ballot_or_404(request.user, pk)
    access.require_write(request.user, ballot.congress.organization)
    candidates = list(ballot.candidates.order_by("full_name", "pk"))
    initial = {"number": (ballot.rounds.aggregate(last=Max("number"))["last"] or 0) + 1}
    if ballot.congress.convened:
        initial["convened"] = ballot.congress.convened
    proposal = hooks.base_proposal(ballot.congress)  # from the member roll (delegates)
    if proposal is not None:
        initial.update(proposal["values"])
    form = RoundForm(request.POST or None, candidates=candidates, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _base_explained(form, proposal, ballot.congress)
    ):
        try:
            election_round = services.record_round(
                ballot=ballot, actor=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The round was recorded."))
            return redirect("personnel:round-minutes", pk=election_round.pk)
    return render(
        request,
        "personnel/round_form.html",
        {
            "ballot": ballot,
            "congress": ballot.congress,
            "form": form,
            "base_proposal": proposal,
            "rounds": ballot.rounds.all(),
            "slate_refusal": _slate_refusal(ballot, initial["number"])
            if request.method == "GET"
            else [],
        },
    )


def _slate_refusal(ballot, number):
    """Why the list cannot go to its first round yet (R-EL-07/08/10 without the congress's
    decision, services.check_slate), shown before the minutes are typed; empty otherwise."""
    if number != 1:
        return []
    try:
        services.check_slate(ballot)
    except ValidationError as error:
        return error.messages
    return []


def _base_explained(form, proposal, congress):
    """False (with the error under the field) when the base entered is larger than the roll
    (R-EL-20, R-EL-21: D counts the convened on the roll), or differs from the roll's proposal
    without a word on why (the roll is the record of D)."""
    if proposal is None:
        return True
    convened = form.cleaned_data.get("convened")
    on_roll = proposal["values"]["convened"]
    if convened is not None and convened > on_roll:
        form.add_error(
            "convened",
            _(
                "%(convened)s convened is more than the %(source)s holds (%(roll)s): D cannot "
                "be larger than the roll (%(rule)s)."
            )
            % {
                "convened": convened,
                "source": proposal["source"],
                "roll": on_roll,
                # D of a member congress (R-EL-20), of a delegate congress (R-EL-21)
                "rule": rulepacks.cite(
                    congress.term,
                    "R-EL-20" if congress.kind == CongressKind.ALL_MEMBER else "R-EL-21",
                ),
            },
        )
        return False
    if form.cleaned_data.get("base_note"):
        return True
    changed = [
        name for name, value in proposal["values"].items() if form.cleaned_data.get(name) != value
    ]
    if not changed:
        return True
    form.add_error(
        "base_note",
        _("The base differs from the %(source)s (D = %(base)s): say why.")
        % {"source": proposal["source"], "base": proposal["base"]},
    )
    return False


def _round_or_404(user, pk):
    return get_object_or_404(
        ElectionRound.objects.visible_to(user).select_related(
            "ballot__congress__organization", "ballot__congress__term"
        ),
        pk=pk,
    )


def _minutes_context(request, election_round, number_form=None):
    """The minutes page's context: the round's votes, elected first, and the form of the
    minutes number for those who may write in the congress's organization."""
    elected = set(election_round.elected)
    tied = set(election_round.tied)
    rows = []
    for vote in election_round.votes.select_related("candidate"):
        key = vote.candidate_id
        status = "elected" if key in elected else "tied" if key in tied else ""
        rows.append({"candidate": vote.candidate, "votes": vote.votes, "status": status})
    rank = {key: index for index, key in enumerate(election_round.elected)}
    rows.sort(key=lambda row: (row["status"] != "elected", rank.get(row["candidate"].pk, 0)))
    congress = election_round.ballot.congress
    if number_form is None and access.can_write(request.user, congress.organization):
        number_form = MinutesNumberForm(
            initial={
                "minutes_number": election_round.minutes_number,
                "version": election_round.version,
            }
        )
    return {
        "round": election_round,
        "ballot": election_round.ballot,
        "congress": congress,
        "rows": rows,
        "threshold": threshold(election_round.base),
        "log_head": tally_selectors.log_head(congress),
        # The congress's vote on the list its first round used (R-EL-07/08/10).
        "slate_decision": hooks.slate_decision(election_round.ballot, election_round.held_on)
        if election_round.number == 1
        else None,
        "number_form": number_form,
    }


@login_required
@require_GET
def round_minutes(request, pk):
    """The printable minutes of one round: D and its components, the counts, the result."""
    election_round = _round_or_404(request.user, pk)
    return render(
        request, "personnel/round_minutes.html", _minutes_context(request, election_round)
    )


@login_required
@require_http_methods(["POST"])
def round_minutes_number(request, pk):
    """Add or correct the number of a recorded round's minutes (services.set_minutes_number);
    a refused number shows the minutes again with the error."""
    election_round = _round_or_404(request.user, pk)
    access.require_write(request.user, election_round.ballot.congress.organization)
    form = MinutesNumberForm(request.POST)
    if form.is_valid():
        try:
            services.set_minutes_number(
                election_round=election_round,
                minutes_number=form.cleaned_data["minutes_number"],
                expected_version=form.cleaned_data["version"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The minutes number was saved."))
            return redirect("personnel:round-minutes", pk=election_round.pk)
    context = _minutes_context(request, election_round, form)
    return render(request, "personnel/round_minutes.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_edit(request, pk):
    """Correct a candidate's record before any vote on their lists (compare-and-set)."""
    candidate = get_object_or_404(
        Candidate.objects.visible_to(request.user).select_related("organization", "congress"),
        pk=pk,
    )
    access.require_write(request.user, candidate.organization)
    initial = {
        name: getattr(candidate, name)
        for name in (
            "full_name", "gender", "birth_date", "ethnicity", "education", "is_incumbent",
            "is_local", "nomination", "nomination_agreed", "nomination_present", "version",
        )
    }  # fmt: skip
    form = CandidateEditForm(request.POST or None, candidate=candidate, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_candidate(
                candidate=candidate,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                **form.changes(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The candidate was saved."))
            ballot = candidate.ballots.order_by("pk").first()
            if ballot is not None:
                return redirect("personnel:ballot-detail", pk=ballot.pk)
            return redirect("personnel:congress-personnel", pk=candidate.congress_id)
    return render(
        request,
        "personnel/candidate_form.html",
        {"candidate": candidate, "congress": candidate.congress, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def candidate_complaints(request, pk):
    """The complaints about one candidate; staff and working groups record new ones."""
    candidate = get_object_or_404(
        Candidate.objects.visible_to(request.user).select_related("organization"),
        pk=pk,
    )
    can_write = access.can_write(request.user, candidate.organization)
    form = ComplaintForm(request.POST or None)
    if request.method == "POST":
        access.require_write(request.user, candidate.organization)
        if form.is_valid():
            try:
                services.record_complaint(
                    candidate=candidate, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The complaint was recorded."))
                return redirect("personnel:candidate-complaints", pk=candidate.pk)
    return render(
        request,
        "personnel/candidate_complaints.html",
        {
            "candidate": candidate,
            "complaints": candidate.complaints.all(),
            "form": form if can_write else None,
        },
    )


@login_required
@require_GET
def election_results(request, pk):
    """The results of a subtree's congresses in a term as of a date, rolled up per level as
    the central organization department does (R-RP-02), and the committee plans; the same
    roll-up as a PDF or Excel (report kind results-rollup)."""
    from congresses import selectors as congress_selectors
    from congresses.forms import CongressFilterForm
    from congresses.terms import chosen_term

    organization = access.get_visible_organization_or_404(request.user, pk)
    form = CongressFilterForm(request.GET or None)
    asked = form.cleaned_data.get("term") if form.is_valid() else None
    term = chosen_term(request, organization, asked=asked)
    as_of = page_as_of(request)
    rollup = (
        results_rollup_figures(organization=organization, term=term, as_of=as_of) if term else None
    )
    planned = selectors.planned_by_level(organization=organization, term=term) if term else []
    congress_selectors.name_levels(planned, congress_selectors.level_labels(term))
    appointed = (
        appointed_by_level(organization=organization, term=term, as_of=as_of) if term else []
    )
    congress_selectors.name_levels(appointed, congress_selectors.level_labels(term))
    return render(
        request,
        "personnel/election_results.html",
        {
            "organization": organization,
            "term": term,
            "terms": Term.objects.all(),
            "as_of": as_of,
            "rollup": rollup,
            "planned": planned,
            "appointed": appointed,
            "report_formats": [("pdf", _("Roll-up (PDF)")), ("xlsx", _("Roll-up (Excel)"))],
        },
    )
