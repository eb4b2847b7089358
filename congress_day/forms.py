from django import forms
from django.utils.translation import gettext_lazy as _

from congress_day.choices import Body, VoteSubject
from congress_day.models import Vote
from congress_day.services import ResolutionTask, default_vote_date
from congresses.choices import HELD_STAGES
from core.asof import parse_as_of
from core.forms import DATE_WIDGET, BootstrapForm
from documents.models import CongressDocument
from personnel.models import Ballot


class CheckInForm(BootstrapForm):
    """What the desk sends: the card's token (from the camera or typed) or the delegate's
    number, and the device's name (kept with the event)."""

    entry = forms.CharField(
        label=_("delegate card or number"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )
    device = forms.CharField(
        label=_("device"), max_length=60, required=False, widget=forms.HiddenInput
    )


class CheckOutForm(BootstrapForm):
    card = forms.IntegerField(label=_("delegate card"), min_value=1, widget=forms.HiddenInput)
    device = forms.CharField(
        label=_("device"), max_length=60, required=False, widget=forms.HiddenInput
    )


class VoteForm(BootstrapForm):
    """A vote as counted in the hall. `present` is typed only where no delegate card was
    issued (otherwise the check-in gives it); `confirmed` is set by the confirmation step."""

    subject = forms.ChoiceField(label=_("subject"), choices=VoteSubject.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    body = forms.ChoiceField(
        label=_("body elected"), choices=[("", "—"), *Body.choices], required=False
    )
    # The list voted on (subject "the lists"): the congress's decision on it (R-EL-07/08/10).
    ballot = forms.ModelChoiceField(
        label=_("list of the election"), queryset=Ballot.objects.none(), required=False
    )
    agree = forms.IntegerField(label=_("agree"), min_value=0, max_value=100_000)
    disagree = forms.IntegerField(label=_("disagree"), min_value=0, max_value=100_000)
    abstain = forms.IntegerField(label=_("abstain"), min_value=0, max_value=100_000)
    present = forms.IntegerField(
        label=_("number present"), min_value=0, max_value=100_000, required=False
    )
    # The day the congress voted: today in session, a day of a held congress for its paper
    # minutes (services.vote_date refuses a day outside the session).
    voted_on = forms.DateField(
        label=_("date of the vote"),
        required=False,
        widget=DATE_WIDGET,
        # Named: the paper minutes' form has several dates a reader could mistake it for.
        error_messages={
            "invalid": _("The date of the vote is not a date: write it as dd/mm/yyyy.")
        },
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, counted=None, congress=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.counted = counted
        if congress is not None:
            self.fields["ballot"].queryset = Ballot.objects.filter(congress=congress)
            self.fields["voted_on"].initial = default_vote_date(congress)
            if congress.stage in HELD_STAGES:  # a vote of the paper minutes: its day given
                self.fields["voted_on"].required = True
                self.fields["voted_on"].label = _("date of the vote (from the minutes)")
        if counted is not None:
            del self.fields["present"]
        else:
            self.fields["present"].required = True


class AgendaItemForm(BootstrapForm):
    """An item of the programme: title, time, speaker and the document presented (one of the
    congress's own); `version` guards against a concurrent edit."""

    title = forms.CharField(label=_("title"), max_length=200)
    starts_at = forms.TimeField(label=_("time"), required=False)
    speaker = forms.CharField(label=_("speaker"), max_length=200, required=False)
    document = forms.ModelChoiceField(
        label=_("document"), queryset=CongressDocument.objects.none(), required=False
    )
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = CongressDocument.objects.filter(congress=congress)


class MoveItemForm(BootstrapForm):
    item = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class BodyMemberForm(BootstrapForm):
    """A member picked by name for one of the congress's bodies."""

    member = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    body = forms.ChoiceField(label=_("body"), choices=Body.choices)


class RemoveBodyMemberForm(BootstrapForm):
    seat = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)


class ResolutionForm(BootstrapForm):
    """The adopted resolution: the vote that adopted it, its title and text, and its tasks, one
    a line: "what | who | dd/mm/yyyy"."""

    vote = forms.ModelChoiceField(label=_("vote adopting it"), queryset=Vote.objects.none())
    title = forms.CharField(label=_("title"), max_length=500)
    text = forms.CharField(label=_("adopted text"), max_length=200_000, widget=forms.Textarea)
    tasks = forms.CharField(
        label=_("tasks"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One task a line: what | who | deadline (dd/mm/yyyy)."),
    )

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vote"].queryset = Vote.objects.filter(
            congress=congress, subject=VoteSubject.RESOLUTION, adopted=True, document__isnull=True
        )

    def clean_tasks(self):
        tasks = []
        for number, line in enumerate(self.cleaned_data["tasks"].splitlines(), 1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            try:
                if len(parts) != 3 or not parts[0] or not parts[1]:
                    raise ValueError
                deadline = parse_as_of(parts[2])
            except (ValueError, OverflowError):
                raise forms.ValidationError(
                    _("Line %(number)s is not “what | who | dd/mm/yyyy”.") % {"number": number}
                ) from None
            tasks.append(ResolutionTask(parts[0][:500], parts[1][:255], deadline))
        return tasks
