from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from organizations.choices import Gender, MembershipStatus
from organizations.text import normalize_text

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


class NormalizedCharField(forms.CharField):
    """Text stored NFC, without zero-width characters or runs of spaces."""

    def to_python(self, value):
        return normalize_text(super().to_python(value))


class PlainSelect(forms.Select):
    """A <select> written in Python. Django renders every <option> through a template, which
    took two thirds of the member form's time with a district's 222 cells to choose from
    (docs/benchmarks.md, load test); the HTML is the same."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = []
        for group_name, group, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    ("" if option["value"] is None else option["value"], flatatt(option["attrs"]),
                     option["label"])
                    for option in group
                ),
            )  # fmt: skip
            if group_name:
                rendered = format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered)
            options.append(rendered)
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(widget["attrs"]),
            mark_safe("".join(options)),
        )


class BootstrapForm(forms.Form):
    """Bootstrap 5 classes on every widget, so templates can render fields plainly; single
    selects are written by PlainSelect."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if type(widget) is forms.Select:
                widget.__class__ = PlainSelect  # the same widget, rendered without templates
            if isinstance(widget, forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class MemberForm(BootstrapForm):
    """A member's data. The organization choices are the cells the user may write to."""

    code = NormalizedCharField(label=_("code"), max_length=40)
    full_name = NormalizedCharField(label=_("full name"), max_length=255)
    gender = forms.ChoiceField(label=_("gender"), choices=Gender.choices)
    birth_date = forms.DateField(label=_("date of birth"), widget=DATE_WIDGET)
    ethnicity = NormalizedCharField(label=_("ethnicity"), max_length=60, initial="Kinh")
    admitted_on = forms.DateField(label=_("admitted on"), widget=DATE_WIDGET)
    official_on = forms.DateField(
        label=_("made official on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Empty while the member is probationary."),
    )
    organization = forms.ModelChoiceField(queryset=None, label=_("organization"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organizations, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if editing:
            # The code identifies the member in imports and exports; it is not edited here.
            del self.fields["code"]


class MemberFilterForm(BootstrapForm):
    q = forms.CharField(label=_("Name or code"), required=False, max_length=100)
    gender = forms.ChoiceField(
        label=_("gender"), required=False, choices=[("", _("All")), *Gender.choices]
    )
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", _("All")), *MembershipStatus.choices]
    )
    # A text filter, not a list: a city holds 25,000 cells, too many for a drop-down.
    unit = forms.CharField(label=_("Organization (name or code)"), required=False, max_length=100)


def add_service_errors(form, error):
    """Show a service's ValidationError on `form`: per field where the form has that field,
    else as a form-wide error (a stale edit, a rule about several fields)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error)


class RestructureForm(BootstrapForm):
    """Where to move an organization, or which organization it merges into: the destination
    is named by its code and must lie where the user may change the tree. Sent twice: to see
    what will change, then with `confirmed` to do it."""

    destination = NormalizedCharField(max_length=40)
    merged_on = forms.DateField(label=_("merged on"), widget=DATE_WIDGET)
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirmed = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, organization, merging, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.organization = organization
        self.fields["destination"].label = (
            _("code of the organization it merges into")
            if merging
            else _("code of the new organization above")
        )
        if not merging:
            del self.fields["merged_on"]

    def clean_destination(self):
        from organizations import access
        from organizations.models import Organization

        code = self.cleaned_data["destination"]
        destination = (
            Organization.objects.visible_to(self.user).select_related("kind").filter(code=code)
        ).first()
        if destination is None or not access.can_place_under(self.user, destination):
            raise forms.ValidationError(
                _("No organization with code %(code)s stands where you may change the tree."),
                params={"code": code},
            )
        if destination.pk == self.organization.pk:
            raise forms.ValidationError(_("Choose another organization than this one."))
        return destination
