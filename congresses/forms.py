import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from congresses import rulepacks
from congresses.choices import CongressContent, CongressKind, Stage
from congresses.models import Term
from core.forms import DATE_WIDGET, BootstrapForm, NormalizedCharField
from core.pickers import PickerField, PickerInput
from organizations import access
from organizations.models import Organization
from organizations.pickers import ACCOUNTS


class CongressForm(BootstrapForm):
    """The plan of one congress; `version` is the one the form was loaded with."""

    ordinal = forms.IntegerField(label=_("ordinal"), min_value=1, max_value=50)
    kind = forms.ChoiceField(label=_("kind"), choices=CongressKind.choices)
    content = forms.ChoiceField(label=_("content"), choices=CongressContent.choices)
    is_pilot = forms.BooleanField(label=_("pilot congress"), required=False)
    window_start = forms.DateField(label=_("window starts"), required=False, widget=DATE_WIDGET)
    window_end = forms.DateField(label=_("window ends"), required=False, widget=DATE_WIDGET)
    planned_date = forms.DateField(label=_("planned date"), required=False, widget=DATE_WIDGET)
    venue = NormalizedCharField(label=_("venue"), required=False, max_length=255)
    started_on = forms.DateField(label=_("opened on"), required=False, widget=DATE_WIDGET)
    ended_on = forms.DateField(label=_("closed on"), required=False, widget=DATE_WIDGET)
    convened = forms.IntegerField(
        label=_("delegates or members convened"), required=False, min_value=0, max_value=100_000
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, congress=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_pilot"].widget.attrs["class"] = "form-check-input"
        if congress is not None:
            # R-WV-13: only the contents the term's pack allows (services.update_congress
            # refuses the others), and the congress's own so a plan entered before stays.
            allowed = {*rulepacks.allowed_contents(congress.term), congress.content}
            self.fields["content"].choices = [
                (value, label) for value, label in CongressContent.choices if value in allowed
            ]


class StageForm(BootstrapForm):
    to_stage = forms.ChoiceField(label=_("stage"), choices=Stage.choices)
    held_on = forms.DateField(label=_("closed on"), required=False, widget=DATE_WIDGET)
    # The day the stage was reached (default today); "held" takes the closing date, "results
    # approved" the approval date.
    effective_on = forms.DateField(
        label=_("date the stage was reached"), required=False, widget=DATE_WIDGET
    )
    approval_number = NormalizedCharField(
        label=_("approval decision number"), required=False, max_length=60
    )
    approval_date = forms.DateField(label=_("approval date"), required=False, widget=DATE_WIDGET)
    approval_body = NormalizedCharField(label=_("approving body"), required=False, max_length=255)
    version = forms.IntegerField(widget=forms.HiddenInput)
    # Sent again from the confirmation page: only then is the change made.
    confirmed = forms.BooleanField(widget=forms.HiddenInput, required=False)


class StageUndoForm(BootstrapForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirmed = forms.BooleanField(widget=forms.HiddenInput, required=False)


class ProgressForm(BootstrapForm):
    reported_on = forms.DateField(label=_("date"), widget=DATE_WIDGET)
    stage_reached = forms.ChoiceField(
        label=_("stage reached"),
        choices=[
            (value, label) for value, label in Stage.choices if value != Stage.RESULTS_APPROVED
        ],
    )
    note = forms.CharField(
        label=_("progress"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    difficulties = forms.CharField(
        label=_("difficulties"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # A new token each time the form is drawn: sending the same form twice (a double click, a
    # reload) records one report. Optional, so a client without it records as before.
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)


class TrainingForm(BootstrapForm):
    held_on = forms.DateField(label=_("date"), widget=DATE_WIDGET)
    audience = NormalizedCharField(label=_("audience"), max_length=255)
    attendance = forms.IntegerField(label=_("attendance"), min_value=1, max_value=100_000)


class CongressFilterForm(BootstrapForm):
    term = forms.ModelChoiceField(queryset=Term.objects.all(), label=_("term"), required=False)
    stage = forms.ChoiceField(
        label=_("stage"), required=False, choices=[("", _("All")), *Stage.choices]
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    pilot = forms.BooleanField(label=_("Pilots only"), required=False)
    sort = forms.ChoiceField(
        label=_("order"),
        required=False,
        choices=[
            ("", _("Tree order")),
            ("planned", _("Planned date")),
            ("name", _("Name")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("overdue", "pilot"):
            self.fields[name].widget.attrs["class"] = "form-check-input"


class WorkingGroupForm(BootstrapForm):
    """A working group: its head (a name; the accounts in scope are suggested), its members
    picked by name or user name (core.pickers) and its assigned organizations."""

    name = NormalizedCharField(label=_("name"), max_length=120)
    leader_name = NormalizedCharField(
        label=_("leader"),
        required=False,
        max_length=120,
        widget=PickerInput(attrs={"data-picker-fill": "name"}),
    )
    members = PickerField(
        picker=ACCOUNTS,
        multiple=True,
        label=_("members"),
        required=False,
        help_text=_(
            "Type part of a name and pick from the list, or paste user names separated by"
            " commas. Only accounts holding a role inside this committee's organizations."
        ),
    )
    organizations = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.none(), label=_("assigned organizations"), required=False
    )

    def __init__(self, *args, owner, actor, search_url="", **kwargs):
        super().__init__(*args, **kwargs)
        # Only accounts that already hold a role inside the owner's subtree (and the actor's):
        # another district's account, typed or forged, is refused under the field.
        self.fields["members"].queryset = access.assignable_users(actor, owner)
        for name in ("members", "leader_name"):
            self.fields[name].widget.search_url = search_url
        # Grassroots organizations and anything below the district: the assignments.
        self.fields["organizations"].queryset = (
            Organization.objects.in_subtree(owner)
            .exclude(pk=owner.pk)
            .filter(depth=owner.depth + 1)
        )
        self.fields["organizations"].widget.attrs["size"] = 12


def congress_initial(congress):
    initial = {
        name: getattr(congress, name) for name in CongressForm.base_fields if name != "version"
    }
    initial["version"] = congress.version
    return initial


class ExtraordinaryCongressForm(BootstrapForm):
    """The reason for an extraordinary congress; `confirmed` once the page has asked."""

    reason = NormalizedCharField(
        label=_("reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirmed = forms.BooleanField(widget=forms.HiddenInput, required=False)
