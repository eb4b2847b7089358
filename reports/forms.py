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
    # Who signs and who receives a signed document (R-RP-10); empty: the defaults of
    # reports.document (the elected secretary, the committee above and the file).
    signer = forms.CharField(
        label=_("signed by"),
        required=False,
        max_length=120,
        help_text=_("The full name under the signature; empty: the elected secretary."),
    )
    recipients = forms.CharField(
        label=_("recipients"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One recipient a line; empty: the committee above and the file copy."),
    )

    def __init__(self, *args, user, defaults=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in ("file_format", "term", "year", "decision", "as_of", "signer", "recipients"):
            add_bootstrap_class(self.fields[name].widget)
        # The defaults a blank field stands for, shown in it (reports.document.request_defaults).
        for name, value in (defaults or {}).items():
            if value:
                self.fields[name].widget.attrs["placeholder"] = value
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
        if data.get("as_of") and not KINDS[kind].dated:
            # Issue 15, item 1: a report prints the date it is true for; these read today's
            # records, so a past date would be printed over figures of another day.
            self.add_error(
                "as_of",
                _("This report is drawn up from today's records: leave the date empty."),
            )
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
            "signer": " ".join((data.get("signer") or "").split()) or None,
            "recipients": "\n".join(
                line.strip() for line in (data.get("recipients") or "").splitlines() if line.strip()
            )
            or None,
        }
        if not KINDS[data["kind"]].signed:
            parameters["signer"] = parameters["recipients"] = None
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
