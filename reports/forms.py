from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization
from reports.choices import ReportKind


class ReportRequestForm(forms.Form):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("organization")
    )
    kind = forms.ChoiceField(choices=ReportKind.choices, label=_("kind"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only organizations in the user's scope are valid choices: a foreign id is "invalid".
        self.fields["organization"].queryset = Organization.objects.visible_to(user)
