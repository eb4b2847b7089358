from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_WIDGET, BootstrapForm, NormalizedCharField
from delegates.choices import DelegateStatus, HowSelected


class PlanForm(BootstrapForm):
    total = forms.IntegerField(label=_("official delegates"), min_value=1, max_value=5000)
    ex_officio = forms.IntegerField(
        label=_("ex officio delegates (the outgoing committee)"),
        min_value=0,
        max_value=5000,
        initial=0,
    )
    appointed = forms.IntegerField(
        label=_("appointed delegates"), min_value=0, max_value=5000, initial=0
    )
    alternates = forms.IntegerField(
        label=_("alternate delegates"), min_value=0, max_value=5000, initial=0
    )
    as_of = forms.DateField(
        label=_("official members counted on"), widget=DATE_WIDGET, required=False
    )


class QuotaForm(BootstrapForm):
    """The seats and alternates of every organization of the plan: fields per quota."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, quotas, **kwargs):
        super().__init__(*args, **kwargs)
        self.quotas = quotas
        for quota in quotas:
            self.fields[f"seats_{quota.pk}"] = forms.IntegerField(
                label=quota.organization.name, min_value=0, max_value=5000, initial=quota.seats
            )
            self.fields[f"alternates_{quota.pk}"] = forms.IntegerField(
                label=_("alternates"), min_value=0, max_value=5000, initial=quota.alternates
            )
            self.fields[f"reason_{quota.pk}"] = NormalizedCharField(
                label=_("reason for a change"),
                max_length=255,
                required=False,
                initial=quota.extra_reason,
            )
            for name in ("seats", "alternates", "reason"):
                self.fields[f"{name}_{quota.pk}"].widget.attrs["class"] = (
                    "form-control form-control-sm"
                )

    def rows(self):
        return [
            (
                quota,
                self[f"seats_{quota.pk}"],
                self[f"alternates_{quota.pk}"],
                self[f"reason_{quota.pk}"],
            )
            for quota in self.quotas
        ]

    def changes(self):
        data = self.cleaned_data
        return {
            quota.pk: (
                data[f"seats_{quota.pk}"],
                data[f"alternates_{quota.pk}"],
                data[f"reason_{quota.pk}"],
            )
            for quota in self.quotas
        }


class ApprovalForm(BootstrapForm):
    decision_body = NormalizedCharField(label=_("deciding body"), max_length=255)
    decision_number = NormalizedCharField(label=_("decision number"), max_length=60)
    decision_date = forms.DateField(label=_("decision date"), widget=DATE_WIDGET)
    version = forms.IntegerField(widget=forms.HiddenInput)


CONFIRM_LABEL = _("I have checked this change; it is recorded in the audit log")


class AddDelegateForm(BootstrapForm):
    """An ex officio or appointed delegate added by hand: the member is chosen by name on the
    page (a picker); the unit represented only for an appointed delegate."""

    member = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    how_selected = forms.ChoiceField(
        label=_("how selected"),
        choices=[
            (HowSelected.EX_OFFICIO, HowSelected.EX_OFFICIO.label),
            (HowSelected.APPOINTED, HowSelected.APPOINTED.label),
        ],
    )
    represents = forms.ChoiceField(label=_("unit represented (appointed)"), required=False)
    decision = NormalizedCharField(
        label=_("decision (appointed: number and date)"), max_length=255, required=False
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {str(unit.pk): unit for unit in units}
        self.fields["represents"].choices = [("", "—")] + [
            (key, unit.name) for key, unit in self.units.items()
        ]

    def clean(self):
        data = super().clean()
        data["represents"] = self.units.get(data.get("represents") or "")
        return data


class ReplaceForm(BootstrapForm):
    alternate = forms.ChoiceField(label=_("alternate of the same organization"))
    reason = NormalizedCharField(label=_("reason"), max_length=255)
    confirm = forms.BooleanField(label=CONFIRM_LABEL)

    def __init__(self, *args, alternates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.alternates = {str(alternate.pk): alternate for alternate in alternates}
        self.fields["alternate"].choices = [
            (key, f"{alternate.alternate_order}. {alternate.member.full_name}")
            for key, alternate in self.alternates.items()
        ]

    def clean_alternate(self):
        return self.alternates[self.cleaned_data["alternate"]]


class WithdrawForm(BootstrapForm):
    status = forms.ChoiceField(
        label=_("what happened"),
        choices=[
            (DelegateStatus.DECLINED, DelegateStatus.DECLINED.label),
            (DelegateStatus.NOT_ACCEPTED, DelegateStatus.NOT_ACCEPTED.label),
        ],
    )
    reason = NormalizedCharField(label=_("reason"), max_length=255)
    decision = NormalizedCharField(
        label=_("decision or conclusion (credentials not accepted)"),
        max_length=255,
        required=False,
    )
    confirm = forms.BooleanField(label=CONFIRM_LABEL)
