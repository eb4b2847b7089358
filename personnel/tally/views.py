"""The tally pages: a counter's entry, a round's entries compared, the congress's log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from congresses.models import Congress
from core.forms import add_service_errors
from organizations import access
from personnel import hooks
from personnel.forms import RoundForm
from personnel.tally import selectors, services
from personnel.tally.verify import Verification, check_chain
from personnel.views import _base_explained, _visible_ballot_or_404


def _still_standing(ballot):
    """The ballot's candidates not elected in an earlier round, by name."""
    elected = set()
    for keys in ballot.rounds.values_list("elected", flat=True):
        elected.update(keys)
    return [c for c in ballot.candidates.order_by("full_name", "pk") if c.pk not in elected]


@login_required
@require_http_methods(["GET", "POST"])
def tally_entry(request, pk):
    """A counting committee member enters the next round's tally, without seeing anyone
    else's figures; two identical entries make the round stand (services.enter_tally)."""
    ballot = _visible_ballot_or_404(request.user, pk)
    congress = ballot.congress
    access.require_write(request.user, congress.organization)
    number = selectors.next_round_number(ballot)
    initial = {"number": number}
    if congress.convened:
        initial["convened"] = congress.convened
    proposal = hooks.base_proposal(congress)  # the member roll's D, the same for every counter
    if proposal is not None:
        initial.update(proposal["values"])
    form = RoundForm(request.POST or None, candidates=_still_standing(ballot), initial=initial)
    # A counter enters figures; the minutes' number is the committee's, given on the round.
    del form.fields["minutes_number"]
    if request.method == "POST" and form.is_valid() and _base_explained(form, proposal, congress):
        try:
            entry, tally = services.enter_tally(
                ballot=ballot, actor=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if tally.state == "stands":
                messages.success(
                    request,
                    _("The entries agree: round %(number)s stands and is recorded.")
                    % {"number": entry.round_number},
                )
                election_round = ballot.rounds.get(number=entry.round_number)
                return redirect("personnel:round-minutes", pk=election_round.pk)
            if tally.state == "waiting":
                messages.success(
                    request,
                    _(
                        "Your entry is number %(sequence)s in the count log. The round stands "
                        "when another member of the counting committee enters the same figures."
                    )
                    % {"sequence": entry.sequence},
                )
            else:
                messages.warning(
                    request,
                    _(
                        "The entries differ: a member of the counting committee who has not "
                        "entered this round enters it again; the figures two members entered "
                        "alike stand."
                    ),
                )
            return redirect("personnel:tally-status", pk=ballot.pk)
    tally = selectors.round_tally(ballot, number)
    counter = services.counter_of(congress, request.user)
    return render(
        request,
        "personnel/tally_entry.html",
        {
            "ballot": ballot,
            "congress": congress,
            "form": form,
            "number": number,
            "counter": counter,
            "entries": tally.entries,
            "already": counter is not None
            and any(entry.counter_id == counter.pk for entry in tally.entries),
            "base_proposal": proposal,
            "rounds": ballot.rounds.all(),
        },
    )


@login_required
@require_GET
def tally_status(request, pk):
    """The entries of each round of a ballot and, once two are in, their figures side by side
    with the differences marked."""
    ballot = _visible_ballot_or_404(request.user, pk)
    names = dict(ballot.candidates.values_list("pk", "full_name"))
    stored = {r.number: r for r in ballot.rounds.all()}
    numbers = sorted(
        set(ballot.tally_entries.values_list("round_number", flat=True))
        | {selectors.next_round_number(ballot)}
    )
    rounds = []
    for number in numbers:
        tally = selectors.round_tally(ballot, number)
        rounds.append(
            {
                "number": number,
                "tally": tally,
                "rows": selectors.comparison(tally, names),
                "stored": stored.get(number),
            }
        )
    return render(
        request,
        "personnel/tally_status.html",
        {
            "ballot": ballot,
            "congress": ballot.congress,
            "rounds": rounds,
            "can_write": access.can_write(request.user, ballot.congress.organization),
        },
    )


@login_required
@require_GET
def count_log(request, pk):
    """The congress's count log with its hashes, checked link by link; the figures of a round
    are shown once two entries of it are in."""
    congress = get_object_or_404(
        Congress.objects.visible_to(request.user).select_related("organization", "term"), pk=pk
    )
    entries = selectors.log_entries(congress)
    verification = Verification()
    intact = check_chain(entries, verification)
    return render(
        request,
        "personnel/count_log.html",
        {
            "congress": congress,
            "entries": entries,
            "intact": intact,
            "head": entries[-1] if entries else None,
        },
    )
