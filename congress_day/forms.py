from django import forms
from django.utils.translation import gettext_lazy as _

from congress_day.choices import VoteSubject
from core.forms import BootstrapForm


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
    agree = forms.IntegerField(label=_("agree"), min_value=0, max_value=100_000)
    disagree = forms.IntegerField(label=_("disagree"), min_value=0, max_value=100_000)
    abstain = forms.IntegerField(label=_("abstain"), min_value=0, max_value=100_000)
    present = forms.IntegerField(
        label=_("number present"), min_value=0, max_value=100_000, required=False
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, counted=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.counted = counted
        if counted is not None:
            del self.fields["present"]
        else:
            self.fields["present"].required = True
