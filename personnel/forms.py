from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import DATE_WIDGET, BirthDateField, BootstrapForm, NormalizedCharField
from core.pickers import PickerField
from organizations.choices import Gender
from organizations.pickers import MEMBERS
from personnel.choices import BallotKind, ComplaintSource, Nomination
from personnel.models import APPOINTED_BODIES, KEY_POSTS


class CommitteePlanForm(BootstrapForm):
    committee_seats = forms.IntegerField(label=_("committee seats"), min_value=1, max_value=500)
    standing_seats = forms.IntegerField(
        label=_("standing committee seats"), min_value=1, max_value=100, required=False
    )
    planned_reelected = forms.IntegerField(
        label=_("outgoing members planned for re-election"),
        min_value=0,
        max_value=500,
        required=False,
    )
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea({"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class BallotForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("election"), choices=BallotKind.choices)
    seats = forms.IntegerField(label=_("seats"), min_value=1, max_value=1000)
    direct = forms.BooleanField(
        label=_("elected directly by the congress"),
        required=False,
        help_text=_("Only for the secretary, where the congress elects them itself (R-WV-09)."),
    )

    def __init__(self, *args, kinds=None, **kwargs):
        """`kinds`: the elections this congress may hold (all when None); a 2-content
        congress elects no delegates (R-WV-13, `selectors.electable_kinds`)."""
        super().__init__(*args, **kwargs)
        self.fields["direct"].widget.attrs["class"] = "form-check-input"
        if kinds is not None:
            self.fields["kind"].choices = [
                (value, label) for value, label in BallotKind.choices if value in kinds
            ]


# The keys are what a stored True/False renders as, so an edit form shows the stored answer.
LOCAL_CHOICES = [("", _("not known")), ("True", _("yes")), ("False", _("no"))]


def local_field():
    """Whether a candidate is from the locality (R-RP-02): yes, no or not known."""
    return forms.TypedChoiceField(
        label=_("from the locality"),
        choices=LOCAL_CHOICES,
        coerce=lambda value: value == "True",
        empty_value=None,
        required=False,
    )


class CandidateForm(BootstrapForm):
    """A member picked by name or code (their data are copied), or a person record."""

    member_code = PickerField(
        picker=MEMBERS,
        label=_("party member (name or member code)"),
        required=False,
        help_text=_(
            "Type part of the name and pick from the list, or paste the member code. Leave"
            " empty to enter a person who is not a member of this tree."
        ),
    )
    full_name = NormalizedCharField(label=_("full name"), required=False, max_length=255)
    gender = forms.ChoiceField(
        label=_("gender"), required=False, choices=[("", "—"), *Gender.choices]
    )
    birth_date = BirthDateField(label=_("date of birth"), required=False, widget=DATE_WIDGET)
    ethnicity = NormalizedCharField(
        label=_("ethnicity"), required=False, max_length=60, initial="Kinh"
    )
    education = NormalizedCharField(label=_("education"), required=False, max_length=255)
    is_incumbent = forms.BooleanField(label=_("member of the outgoing committee"), required=False)
    is_local = local_field()
    nomination = forms.ChoiceField(
        label=_("nominated by"),
        choices=Nomination.choices,
        initial=Nomination.PLAN,
        required=False,
    )
    nomination_agreed = forms.IntegerField(
        label=_("attendees agreeing to add the nominee"), min_value=0, required=False
    )
    nomination_present = forms.IntegerField(
        label=_("attendees present at that vote"), min_value=1, required=False
    )
    nominator_in_committee = forms.BooleanField(
        label=_("nominated by a member of the convening committee"), required=False
    )

    CHECKBOXES = ("is_incumbent", "nominator_in_committee")

    def __init__(self, *args, members, search_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_code"].queryset = members
        self.fields["member_code"].widget.search_url = search_url
        for name in self.CHECKBOXES:
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        data["member"] = data.get("member_code")
        data["nomination"] = data.get("nomination") or Nomination.PLAN
        if data["member"] is None and "member_code" not in self.errors:
            for name in ("full_name", "gender", "birth_date"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Required when no member code is given."))
        return data


class CandidateEditForm(BootstrapForm):
    """Corrections to a candidate; personal data only for a person record (no member)."""

    full_name = NormalizedCharField(label=_("full name"), max_length=255)
    gender = forms.ChoiceField(label=_("gender"), choices=Gender.choices)
    birth_date = BirthDateField(label=_("date of birth"), widget=DATE_WIDGET)
    ethnicity = NormalizedCharField(label=_("ethnicity"), max_length=60)
    education = NormalizedCharField(label=_("education"), required=False, max_length=255)
    is_incumbent = forms.BooleanField(label=_("member of the outgoing committee"), required=False)
    is_local = local_field()
    nomination = forms.ChoiceField(label=_("nominated by"), choices=Nomination.choices)
    nomination_agreed = forms.IntegerField(
        label=_("attendees agreeing to add the nominee"), min_value=0, required=False
    )
    nomination_present = forms.IntegerField(
        label=_("attendees present at that vote"), min_value=1, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    PERSONAL = ("full_name", "gender", "birth_date", "ethnicity")
    CHECKBOXES = ("is_incumbent",)

    def __init__(self, *args, candidate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_incumbent"].widget.attrs["class"] = "form-check-input"
        if candidate.member_id is not None:
            for name in self.PERSONAL:
                del self.fields[name]

    def changes(self):
        data = dict(self.cleaned_data)
        data.pop("version")
        return data


class CountingMemberForm(BootstrapForm):
    """A member of the counting committee: a member by code, or a name."""

    member_code = NormalizedCharField(label=_("member code"), required=False, max_length=40)
    full_name = NormalizedCharField(label=_("full name"), required=False, max_length=255)
    is_head = forms.BooleanField(label=_("head of the counting committee"), required=False)

    def __init__(self, *args, members, search_url="", **kwargs):
        super().__init__(*args, **kwargs)
        # The members a code is looked up among (the congress's subtree, in the user's scope).
        self.members = members
        self.fields["member_code"].widget.search_url = search_url
        self.fields["is_head"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        code = data.pop("member_code", "")
        data["member"] = None
        if code:
            data["member"] = self.members.filter(code=code).first()
            if data["member"] is None:
                self.add_error("member_code", _("There is no member with this code here."))
        elif not data.get("full_name") and "full_name" not in self.errors:
            self.add_error("full_name", _("Required when no member code is given."))
        return data


class CountingAccountForm(BootstrapForm):
    """The account with which a member of the counting committee enters tallies."""

    counting_member = forms.ModelChoiceField(queryset=None, label=_("counting committee member"))
    username = NormalizedCharField(
        label=_("account"),
        required=False,
        max_length=150,
        help_text=_("The account's user name; leave empty to unlink."),
    )

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counting_member"].queryset = congress.counting_members.all()


class RoundForm(BootstrapForm):
    """The minutes of one round: the base D with its components, the ballots, the votes."""

    convened = forms.IntegerField(label=_("convened"), min_value=0)
    excluded_absent_with_reason = forms.IntegerField(
        label=_("absent for the whole congress with an accepted reason"), min_value=0, initial=0
    )
    excluded_suspended = forms.IntegerField(
        label=_("suspended, prosecuted or detained"), min_value=0, initial=0
    )
    excluded_other = forms.IntegerField(label=_("other exclusions"), min_value=0, initial=0)
    ballots_issued = forms.IntegerField(label=_("ballots issued"), min_value=0)
    ballots_returned = forms.IntegerField(label=_("ballots returned"), min_value=0)
    ballots_valid = forms.IntegerField(label=_("valid ballots"), min_value=0)
    ballots_invalid = forms.IntegerField(label=_("invalid ballots"), min_value=0)
    # Default: the congress's closing date, else its opening date (services.round_date).
    held_on = forms.DateField(label=_("date of the round"), required=False, widget=DATE_WIDGET)
    # The round the page was loaded to enter: another round recorded meanwhile refuses the save.
    number = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # Required by the view when the base differs from the member roll's proposal.
    base_note = NormalizedCharField(
        label=_("why D differs from the roll"), max_length=255, required=False
    )
    minutes_number = NormalizedCharField(
        label=_("minutes number"),
        max_length=60,
        required=False,
        help_text=_("The number of the counting committee's minutes, if it gave one."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for candidate in candidates:
            self.fields[f"votes_{candidate.pk}"] = forms.IntegerField(
                label=candidate.full_name, min_value=0, initial=0
            )
            self.fields[f"votes_{candidate.pk}"].widget.attrs["class"] = "form-control"
            # Summed as they are typed (static/js/round-totals.js); the server counts again.
            self.fields[f"votes_{candidate.pk}"].widget.attrs["data-sum"] = "votes"
        for name in ("ballots_valid", "ballots_invalid"):
            self.fields[name].widget.attrs["data-sum"] = "ballots"

    def vote_fields(self):
        return [self[f"votes_{candidate.pk}"] for candidate in self.candidates]

    def service_arguments(self):
        data = dict(self.cleaned_data)
        votes = {candidate.pk: data.pop(f"votes_{candidate.pk}") for candidate in self.candidates}
        expected_number = data.pop("number")
        return {**data, "votes": votes, "expected_number": expected_number}


class MinutesNumberForm(BootstrapForm):
    """The number of a recorded round's minutes, added or corrected (set_minutes_number)."""

    minutes_number = NormalizedCharField(
        label=_("minutes number"),
        max_length=60,
        required=False,
        help_text=_("The number of the counting committee's minutes, if it gave one."),
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=2**31 - 1,
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value", "max_value"),
            _("The page was out of date: reload it and enter the number again."),
        ),
    )


class ComplaintForm(BootstrapForm):
    """A complaint or denunciation about a candidate, and how it was handled."""

    received_on = forms.DateField(label=_("received on"), widget=DATE_WIDGET)
    source = forms.ChoiceField(label=_("source"), choices=ComplaintSource.choices)
    summary = forms.CharField(
        label=_("summary"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    handling = forms.CharField(
        label=_("handling"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    conclusion = forms.CharField(
        label=_("conclusion"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    is_resolved = forms.BooleanField(label=_("resolved"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_resolved"].widget.attrs["class"] = "form-check-input"


class KeyPostForm(BootstrapForm):
    """A key post's nominee approved in advance by the committee above."""

    post = forms.ChoiceField(
        label=_("post"), choices=[(post.value, post.label) for post in KEY_POSTS]
    )
    candidate = forms.ModelChoiceField(queryset=None, label=_("nominee"))
    approving_body = NormalizedCharField(label=_("approving body"), max_length=255)
    approval_number = NormalizedCharField(label=_("approval decision number"), max_length=60)
    approval_date = forms.DateField(label=_("approval date"), widget=DATE_WIDGET)

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = congress.candidates.order_by("full_name")


class AppointmentForm(BootstrapForm):
    """The higher committee's appointment of a body of a 2-content congress (R-WV-13): the
    decision and the people, one a line: a member's code, or "full name; gender; date of
    birth" for someone not in the member list."""

    kind = forms.ChoiceField(
        label=pgettext_lazy("appointment", "body"),
        choices=[(body.value, body.label) for body in APPOINTED_BODIES],
    )
    decision_number = NormalizedCharField(label=_("decision number"), max_length=60)
    decision_date = forms.DateField(label=_("decision date"), widget=DATE_WIDGET)
    decided_by = NormalizedCharField(label=_("appointing body"), max_length=255)
    people = forms.CharField(
        label=_("appointed people"),
        max_length=20000,
        widget=forms.Textarea({"rows": 5}),
        help_text=_('One a line: a member\'s code, or "full name; male or female; dd/mm/yyyy".'),
    )

    GENDERS = {
        "nam": Gender.MALE,
        "male": Gender.MALE,
        "nữ": Gender.FEMALE,
        "nu": Gender.FEMALE,
        "female": Gender.FEMALE,
    }

    def __init__(self, *args, members, versions=None, kinds=APPOINTED_BODIES, **kwargs):
        """`versions`: the version of each body's appointment the page shows, by kind. Each
        body has its hidden version field (a body not appointed yet is at 0): replacing one
        body's appointment is compared with the version shown for that body, not another's.
        `kinds`: the bodies the term's pack lets the higher committee appoint
        (`selectors.appointable_kinds`)."""
        super().__init__(*args, **kwargs)
        self.members = members
        self.fields["kind"].choices = [
            (body.value, body.label) for body in APPOINTED_BODIES if body in kinds
        ]
        versions = versions or {}
        for body in APPOINTED_BODIES:
            self.fields[self.version_field(body)] = forms.IntegerField(
                widget=forms.HiddenInput,
                required=False,
                min_value=0,
                initial=versions.get(body, 0),
            )

    @staticmethod
    def version_field(kind):
        return f"version-{kind}"

    def clean(self):
        cleaned_data = super().clean()
        unreadable = [body for body in APPOINTED_BODIES if self.version_field(body) in self.errors]
        if unreadable:
            # The page's own hidden values, not the user's: no field to show the error on.
            for body in unreadable:
                del self.errors[self.version_field(body)]
            raise forms.ValidationError(_("Reload the page and try again."))
        return cleaned_data

    def service_arguments(self):
        """What `services.record_appointment` takes: the decision, the people, and the version
        of the chosen body's appointment the page showed as `expected_version`."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "decision_number": data["decision_number"],
            "decision_date": data["decision_date"],
            "decided_by": data["decided_by"],
            "people": data["people"],
            "expected_version": data[self.version_field(data["kind"])] or 0,
        }

    def clean_people(self):
        lines = [line.strip() for line in self.cleaned_data["people"].splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > 500:
            raise forms.ValidationError(_("At most 500 people a decision."))
        codes = [line for line in lines if ";" not in line]
        found = {member.code: member for member in self.members.filter(code__in=codes)}
        people, errors = [], []
        for number, line in enumerate(lines, start=1):
            if ";" not in line:
                member = found.get(line)
                if member is None:
                    errors.append(
                        _("Line %(number)s: no member with code %(code)s here.")
                        % {"number": number, "code": line[:40]}
                    )
                    continue
                people.append(
                    {
                        "member": member,
                        "full_name": member.full_name,
                        "gender": member.gender,
                        "birth_date": member.birth_date,
                    }
                )
                continue
            parts = [part.strip() for part in line.split(";")]
            person = self._person(parts)
            if person is None:
                errors.append(
                    _('Line %(number)s: write "full name; male or female; dd/mm/yyyy".')
                    % {"number": number}
                )
            else:
                people.append(person)
        if errors:
            raise forms.ValidationError(errors)
        return people

    def _person(self, parts):
        if len(parts) != 3 or not parts[0] or len(parts[0]) > 255:
            return None
        gender = self.GENDERS.get(parts[1].lower())
        try:
            birth_date = forms.DateField(input_formats=["%d/%m/%Y"]).clean(parts[2])
        except forms.ValidationError:
            return None
        if gender is None or not 1900 <= birth_date.year <= 2100:
            return None
        return {"full_name": parts[0], "gender": gender, "birth_date": birth_date}
