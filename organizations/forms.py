from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import (
    DATE_WIDGET,
    BirthDateField,
    BootstrapForm,
    NameChoiceField,
    NormalizedCharField,
)
from core.pickers import PickerField
from organizations.choices import (
    TREE_ROLES,
    Education,
    Gender,
    MembershipStatus,
    PoliticalTheory,
    Qualification,
)
from organizations.pickers import ORGANIZATIONS


class MemberForm(BootstrapForm):
    """A member's data. The organization choices are the cells the user may write to."""

    code = NormalizedCharField(label=_("code"), max_length=40)
    full_name = NormalizedCharField(label=_("full name"), max_length=255)
    gender = forms.ChoiceField(label=_("gender"), choices=Gender.choices)
    birth_date = BirthDateField(label=_("date of birth"), widget=DATE_WIDGET)
    ethnicity = NormalizedCharField(label=_("ethnicity"), max_length=60, initial="Kinh")
    admitted_on = forms.DateField(label=_("admitted on"), widget=DATE_WIDGET)
    official_on = forms.DateField(
        label=_("made official on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Empty while the member is probationary."),
    )
    left_on = forms.DateField(
        label=_("left on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Empty while a member; set when the member leaves (transfer, death...)."),
    )
    organization = NameChoiceField(queryset=None, label=_("organization"))
    # For the credentials report (R-EL-34); optional.
    education = forms.ChoiceField(
        label=_("general education"), required=False, choices=[("", "—"), *Education.choices]
    )
    qualification = forms.ChoiceField(
        label=_("professional qualification"),
        required=False,
        choices=[("", "—"), *Qualification.choices],
    )
    political_theory = forms.ChoiceField(
        label=_("political theory"),
        required=False,
        choices=[("", "—"), *PoliticalTheory.choices],
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organizations, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if editing:
            # The code identifies the member in imports and exports; it is not edited here.
            del self.fields["code"]
        else:
            # A new member is a member; leaving is recorded on the member's page.
            del self.fields["left_on"]

    def clean(self):
        """Every problem at once: the service's checks of the values (age, dates in order,
        a cell that holds members) run here too, on the fields that are well formed, so one
        save shows all the errors. The service checks again when it writes."""
        from organizations.models import Member
        from organizations.services import validate_member_values

        cleaned = super().clean()
        values = {name: value for name, value in cleaned.items() if name not in self.errors}
        for field, message in validate_member_values(values).items():
            if field not in self.errors:
                self.add_error(field if field in self.fields else None, message)
        code = cleaned.get("code")
        if code and "code" not in self.errors and Member.objects.filter(code=code).exists():
            self.add_error(
                "code", _("A member with code %(code)s already exists.") % {"code": code}
            )
        return cleaned


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


class RestructureForm(BootstrapForm):
    """Where to move an organization, or which organization it merges into: the destination
    is picked by name or named by its code (core.pickers) and must lie where the user may
    change the tree. Sent twice: to see what will change, then with `confirmed` to do it."""

    destination = PickerField(
        picker=ORGANIZATIONS,
        max_length=255,
        error_messages={
            "not_found": _(
                "%(value)s: no organization with this code or name stands where you may change"
                " the tree."
            )
        },
    )
    merged_on = forms.DateField(label=_("merged on"), widget=DATE_WIDGET)
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirmed = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, organization, merging, search_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        field = self.fields["destination"]
        field.label = (
            _("organization it merges into (name or code)")
            if merging
            else _("new organization above (name or code)")
        )
        field.help_text = _("Type part of the name and pick from the list, or paste the code.")
        field.queryset = destinations(user)
        field.widget.search_url = search_url
        if not merging:
            del self.fields["merged_on"]

    def clean_destination(self):
        destination = self.cleaned_data["destination"]
        if destination.pk == self.organization.pk:
            raise forms.ValidationError(_("Choose another organization than this one."))
        return destination


def destinations(user):
    """The organizations `user` may put organizations under or merge them into: visible, and
    where they hold a tree role (organizations.access.can_place_under)."""
    from organizations.models import Organization

    return Organization.objects.visible_to(user).granted_to(user, TREE_ROLES).select_related("kind")
