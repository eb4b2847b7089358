from django import forms
from django.utils.translation import gettext_lazy as _

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
