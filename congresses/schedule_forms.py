"""The forms of bulk scheduling (congresses.scheduling): one row per congress of a page of the
schedule grid, and the upload of a schedule workbook."""

from django import forms
from django.forms import formset_factory
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congresses.scheduling import Row
from core.forms import DATE_WIDGET, BootstrapForm, NormalizedCharField
from organizations import spreadsheets

# Congresses per page of the grid (and so rows per formset).
PAGE_SIZE = 50


class ScheduleRowForm(BootstrapForm):
    """One congress: which one, the version the page was made with, and its three fields."""

    congress = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    planned_date = forms.DateField(
        label=gettext_lazy("planned date"), required=False, widget=DATE_WIDGET
    )
    venue = NormalizedCharField(label=gettext_lazy("venue"), required=False, max_length=255)
    is_pilot = forms.BooleanField(label=gettext_lazy("pilot congress"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_pilot"].widget.attrs["class"] = "form-check-input"
        self.fields["planned_date"].widget.attrs["class"] += " form-control-sm"
        self.fields["venue"].widget.attrs["class"] += " form-control-sm"

    def as_row(self, index):
        data = self.cleaned_data
        return Row(
            key=index,
            congress_id=data["congress"],
            version=data["version"],
            values={name: data[name] for name in ("planned_date", "venue", "is_pilot")},
        )


ScheduleFormSet = formset_factory(
    ScheduleRowForm,
    extra=0,
    max_num=PAGE_SIZE,
    absolute_max=PAGE_SIZE,
    validate_max=True,
)


def row_initial(congress):
    return {
        "congress": congress.pk,
        "version": congress.version,
        "planned_date": congress.planned_date,
        "venue": congress.venue,
        "is_pilot": congress.is_pilot,
    }


class ConfirmForm(forms.Form):
    """The confirmation of a save whose dates lie outside their level's window."""

    confirmed = forms.BooleanField(
        label=gettext_lazy("Save even though some dates lie outside their level's window"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class ScheduleUploadForm(ConfirmForm):
    """A schedule workbook; `confirmed` sent with it saves despite warnings (the page asks
    with a second submit instead, schedule_views.PENDING_KEY)."""

    file = forms.FileField(
        label=gettext_lazy("Schedule workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".xlsx," + spreadsheets.XLSX_CONTENT_TYPE}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > spreadsheets.MAX_FILE_SIZE:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s.")
                % {"limit": filesizeformat(spreadsheets.MAX_FILE_SIZE)}
            )
        return upload
