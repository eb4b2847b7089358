from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congresses.models import Term
from core.forms import DATE_WIDGET, BootstrapForm, NormalizedCharField
from documents.choices import DocumentKind, TaskKind, TaskStatus
from documents.uploads import MAX_UPLOAD_MB

ACCEPT_DOCUMENTS = ".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"  # noqa: E501 (one MIME type is longer than a line)


def _upload_help():
    return gettext("PDF or DOCX, at most %(limit)s MB.") % {"limit": MAX_UPLOAD_MB}


def _file_field(label):
    return forms.FileField(
        label=label,
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_DOCUMENTS}),
        help_text=lazy(_upload_help, str)(),
    )


class SearchForm(BootstrapForm):
    q = forms.CharField(label=_("Number or title"), required=False, max_length=100)


class DirectiveForm(BootstrapForm):
    term = forms.ModelChoiceField(queryset=Term.objects.all(), label=_("term"), empty_label=None)
    number = NormalizedCharField(
        label=_("number and symbol"),
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": "15-HD/QU"}),
    )
    issued_on = forms.DateField(label=_("issued on"), widget=DATE_WIDGET)
    title = NormalizedCharField(label=_("title"), max_length=500)
    issuing_body = NormalizedCharField(label=_("issuing body"), max_length=255)
    file = _file_field(_("file"))


class DocumentForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("kind"), choices=DocumentKind.choices)
    title = NormalizedCharField(label=_("title"), max_length=500)


class VersionForm(BootstrapForm):
    file = _file_field(_("file"))
    text = forms.CharField(
        label=_("or the text"),
        required=False,
        max_length=500_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    note = NormalizedCharField(label=_("note"), required=False, max_length=500)


class RoundForm(BootstrapForm):
    held_on = forms.DateField(label=_("date"), widget=DATE_WIDGET)
    note = forms.CharField(
        label=_("note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


ACCEPTED_CHOICES = [("", _("Not decided")), ("yes", _("Accepted")), ("no", _("Not accepted"))]


class CommentForm(BootstrapForm):
    author = NormalizedCharField(
        label=_("comment from"),
        max_length=255,
        help_text=_("A person or an organization."),
    )
    content = forms.CharField(
        label=_("content"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    accepted = forms.TypedChoiceField(
        label=_("accepted"),
        choices=ACCEPTED_CHOICES,
        required=False,
        coerce=lambda value: value == "yes",
        empty_value=None,
    )


class ApprovalForm(BootstrapForm):
    approved_on = forms.DateField(label=_("approved on"), widget=DATE_WIDGET)
    approval_number = NormalizedCharField(label=_("approval decision number"), max_length=60)
    approval_body = NormalizedCharField(label=_("approving body"), max_length=255)
    version = forms.IntegerField(widget=forms.HiddenInput)


class FollowUpForm(BootstrapForm):
    term = forms.ModelChoiceField(queryset=Term.objects.all(), label=_("term"), empty_label=None)
    kind = forms.ChoiceField(label=_("kind"), choices=TaskKind.choices)
    title = NormalizedCharField(label=_("title"), max_length=500)
    owner = NormalizedCharField(label=_("responsible"), max_length=255)
    deadline = forms.DateField(label=_("deadline"), widget=DATE_WIDGET)
    status = forms.ChoiceField(label=_("status"), choices=TaskStatus.choices)
    started_on = forms.DateField(
        label=_("started on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("The day the task moved to in progress; today if left empty when it does."),
    )
    done_on = forms.DateField(
        label=_("completed on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Today if left empty for a completed task."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            # A task stays in the term it was created for.
            del self.fields["term"]
            self.fields["version"].required = True


class DoneForm(BootstrapForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


SHOW_CHOICES = [
    ("", _("All")),
    ("overdue", _("Overdue")),
    ("open", _("Not completed")),
    ("done", _("Completed")),
]


class FollowUpFilterForm(BootstrapForm):
    show = forms.ChoiceField(label=_("Show"), choices=SHOW_CHOICES, required=False)
    kind = forms.ChoiceField(
        label=_("kind"), choices=[("", _("All")), *TaskKind.choices], required=False
    )
