import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from congresses.choices import CongressContent, CongressKind, Stage
from congresses.models import Term
from core.forms import DATE_WIDGET, BootstrapForm, NormalizedCharField
from organizations import access
from organizations.models import Organization


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_pilot"].widget.attrs["class"] = "form-check-input"


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
    name = NormalizedCharField(label=_("name"), max_length=120)
    leader_name = NormalizedCharField(label=_("leader"), required=False, max_length=120)
    members = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(), label=_("members"), required=False
    )
    organizations = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.none(), label=_("assigned organizations"), required=False
    )

    def __init__(self, *args, owner, actor, **kwargs):
        super().__init__(*args, **kwargs)
        # Only accounts that already hold a role inside the actor's subtrees: another
        # district's account posted by id is an invalid choice.
        self.fields["members"].queryset = access.assignable_users(actor).order_by("username")
        # Grassroots organizations and anything below the district: the assignments.
        self.fields["organizations"].queryset = (
            Organization.objects.in_subtree(owner)
            .exclude(pk=owner.pk)
            .filter(depth=owner.depth + 1)
        )
        for name in ("members", "organizations"):
            self.fields[name].widget.attrs["size"] = 12


def congress_initial(congress):
    initial = {
        name: getattr(congress, name) for name in CongressForm.base_fields if name != "version"
    }
    initial["version"] = congress.version
    return initial
