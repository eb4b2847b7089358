from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_WIDGET, BootstrapForm, NormalizedCharField
from recognition.choices import CommendationForm, Reason, RecipientKind, Step, WorkStatus
from recognition.models import BADGE_YEARS


class GridHeaderForm(BootstrapForm):
    """The step a rating grid saves, and the decision for the decided step (R-CL-04)."""

    step = forms.ChoiceField(label=_("step"), choices=Step.choices)
    decision_body = NormalizedCharField(label=_("deciding body"), required=False, max_length=255)
    decision_number = NormalizedCharField(label=_("decision number"), required=False, max_length=60)
    decision_date = forms.DateField(label=_("decision date"), required=False, widget=DATE_WIDGET)


class CommendationProposalForm(BootstrapForm):
    """A commendation granted by the organization of the page; recipients by code or by name."""

    form = forms.ChoiceField(label=_("form"), choices=CommendationForm.choices)
    badge_years = forms.TypedChoiceField(
        label=_("badge years"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *[(years, years) for years in BADGE_YEARS]],
    )
    recipient_kind = forms.ChoiceField(label=_("recipient"), choices=RecipientKind.choices)
    organization_code = NormalizedCharField(
        label=_("organization code"), required=False, max_length=40
    )
    member_code = NormalizedCharField(label=_("member code"), required=False, max_length=40)
    recipient_name = NormalizedCharField(
        label=_("recipient name"),
        required=False,
        max_length=255,
        help_text=_("For a recipient outside the tree (a department, a person)."),
    )
    reason = forms.ChoiceField(label=_("reason"), choices=Reason.choices)
    reason_detail = NormalizedCharField(label=_("achievement"), required=False, max_length=500)
    year = forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100)
    decision_number = NormalizedCharField(
        label=_("decision number"),
        required=False,
        max_length=60,
        help_text=_("Leave empty to propose; with number and date it is recorded as approved."),
    )
    decision_date = forms.DateField(label=_("decision date"), required=False, widget=DATE_WIDGET)
    proposed_on = forms.DateField(
        label=_("proposed on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Default: the decision date, else today."),
    )

    def __init__(self, *args, organizations, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = organizations
        self.members = members

    def clean(self):
        data = super().clean()
        data["recipient_organization"] = data["recipient_member"] = None
        code = data.pop("organization_code", "")
        if code:
            data["recipient_organization"] = self.organizations.filter(code=code).first()
            if data["recipient_organization"] is None:
                self.add_error(
                    "organization_code", _("There is no organization with this code here.")
                )
        code = data.pop("member_code", "")
        if code:
            data["recipient_member"] = self.members.filter(code=code).first()
            if data["recipient_member"] is None:
                self.add_error("member_code", _("There is no member with this code here."))
        return data


class ApprovalForm(BootstrapForm):
    decision_number = NormalizedCharField(label=_("decision number"), max_length=60)
    decision_date = forms.DateField(label=_("decision date"), widget=DATE_WIDGET)


class CampaignForm(BootstrapForm):
    name = NormalizedCharField(label=_("name"), max_length=255)
    starts_on = forms.DateField(label=_("starts on"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("ends on"), widget=DATE_WIDGET)
    goal = forms.CharField(
        label=_("goal"), required=False, max_length=4000, widget=forms.Textarea({"rows": 2})
    )


class WorkForm(BootstrapForm):
    organization_code = NormalizedCharField(label=_("organization code"), max_length=40)
    title = NormalizedCharField(label=_("work"), max_length=255)
    registered_on = forms.DateField(label=_("registered on"), widget=DATE_WIDGET)


class WorkUpdateForm(BootstrapForm):
    status = forms.ChoiceField(label=_("status"), choices=WorkStatus.choices)
    progress = forms.IntegerField(label=_("completion (%)"), min_value=0, max_value=100)
    completed_on = forms.DateField(label=_("completed on"), required=False, widget=DATE_WIDGET)
    result = forms.CharField(
        label=_("result"), required=False, max_length=4000, widget=forms.Textarea({"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
