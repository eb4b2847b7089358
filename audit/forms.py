from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_WIDGET, BootstrapForm


class AuditFilterForm(BootstrapForm):
    action = forms.CharField(label=_("action"), required=False, max_length=60)
    actor = forms.CharField(label=_("actor"), required=False, max_length=150)
    organization = forms.CharField(label=_("organization code"), required=False, max_length=40)
    since = forms.DateField(label=_("from"), required=False, widget=DATE_WIDGET)
    until = forms.DateField(label=_("until"), required=False, widget=DATE_WIDGET)
