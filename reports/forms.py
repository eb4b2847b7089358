from django import forms
from django.utils.translation import gettext_lazy as _

from congresses.models import Congress, Term, WorkingGroup
from core.forms import DATE_WIDGET, BootstrapForm, BoundedNumbersForm, add_bootstrap_class
from organizations.models import Organization
from reports.choices import FileFormat, ReportKind
from reports.kinds import KINDS


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
    # The date the report is true for (core.asof); the day of the request when empty.
    as_of = forms.DateField(
        label=_("as of"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("The report's figures are those of this day; empty: today."),
    )
    congress = forms.IntegerField(required=False, widget=forms.HiddenInput)
    group = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in ("file_format", "term", "year", "decision", "as_of"):
            add_bootstrap_class(self.fields[name].widget)
        # Only organizations in the user's scope are valid choices: a foreign id is "invalid".
        self.fields["organization"].queryset = Organization.objects.visible_to(user)

    def clean(self):
        data = super().clean()
        organization, kind = data.get("organization"), data.get("kind")
        if organization is None or kind is None:
            return data
        if "congress" in KINDS[kind].needs:
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
            "as_of": data["as_of"].isoformat() if data.get("as_of") else None,
        }
        return {name: value for name, value in parameters.items() if value}


class QuickReportForm(BootstrapForm):
    """The issues the staff report to the higher committee in a congress's quick report."""

    issues = forms.CharField(
        label=_("issues to report"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    action = forms.ChoiceField(choices=[("save", "save"), ("send", "send")])
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


def _part_field(label):
    return forms.CharField(
        label=label, required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )


class SummaryTextForm(BootstrapForm):
    """The staff's five parts of the congress summary of an organization and term (reports
    .narratives.PARTS), with the version the form was loaded at."""

    assessment = _part_field(_("general assessment"))
    strengths = _part_field(_("strengths"))
    shortcomings = _part_field(_("shortcomings and their causes"))
    lessons = _part_field(_("lessons learned"))
    proposals = _part_field(_("recommendations and proposals"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
