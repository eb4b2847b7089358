from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_WIDGET, BootstrapForm, NormalizedCharField


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
