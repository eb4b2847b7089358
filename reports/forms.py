from django import forms
from django.utils.translation import gettext_lazy as _

from congresses.models import Congress, Term, WorkingGroup
from core.forms import BoundedNumbersForm
from organizations.models import Organization
from reports.choices import FileFormat, ReportKind


class ReportRequestForm(BoundedNumbersForm):
    """A report about an organization of the user's scope, with what its kind needs."""

    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("organization")
    )
    kind = forms.ChoiceField(choices=ReportKind.choices, label=_("kind"))
    file_format = forms.ChoiceField(choices=FileFormat.choices, label=_("format"), required=False)
    term = forms.ModelChoiceField(queryset=Term.objects.all(), label=_("term"), required=False)
    year = forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100)
    decision = forms.CharField(label=_("decision number"), required=False, max_length=60)
    congress = forms.IntegerField(required=False, widget=forms.HiddenInput)
    group = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in ("file_format", "term", "year", "decision"):
            self.fields[name].widget.attrs["class"] = (
                "form-select" if name in ("file_format", "term") else "form-control"
            )
        # Only organizations in the user's scope are valid choices: a foreign id is "invalid".
        self.fields["organization"].queryset = Organization.objects.visible_to(user)

    def clean(self):
        data = super().clean()
        organization, kind = data.get("organization"), data.get("kind")
        if organization is None or kind is None:
            return data
        if kind in (ReportKind.CONGRESS_DOSSIER, ReportKind.DELEGATE_CARDS):
            found = (
                Congress.objects.visible_to(self.user)
                .in_subtree(organization)
                .filter(pk=data.get("congress"))
                .exists()
            )
            if not found:
                self.add_error("congress", _("Choose a congress of this organization."))
        if kind == ReportKind.WORKING_GROUP:
            found = (
                WorkingGroup.objects.in_subtree(organization).filter(pk=data.get("group")).exists()
            )
            if not found:
                self.add_error("group", _("Choose a working group of this organization."))
        return data

    def parameters(self):
        data = self.cleaned_data
        parameters = {
            "term": data["term"].name if data.get("term") else None,
            "year": data.get("year"),
            "decision": (data.get("decision") or "").strip() or None,
            "congress": data.get("congress"),
            "group": data.get("group"),
        }
        return {name: value for name, value in parameters.items() if value}
