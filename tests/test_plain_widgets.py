"""The widgets BootstrapForm writes in Python (PlainSelect, the plain inputs and textarea) give
the same HTML as Django's template-rendered ones; NameChoiceField lists (pk, name) pairs
without model instances."""

import copy
import datetime
import re

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.forms import (
    PLAIN_WIDGETS,
    BootstrapForm,
    NameChoiceField,
    PlainInputMixin,
    PlainSelect,
)
from organizations.models import Organization
from tests.factories import OrganizationFactory


def normalized(html):
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize(
    "choices",
    [
        [("", "---------"), (1, "Chi bộ Tổ dân phố 1"), (2, 'Chi bộ "Kho bạc" <B>')],
        [("Phường Xuân La", [(1, "Tổ 1"), (2, "Tổ 2")]), ("Khác", [(3, "Tổ 3")])],
        # Only the first matching option is selected; a safe label is not escaped twice.
        [(None, "—"), (2, mark_safe("<b>Hai</b>")), (2, _("All")), ("2", "again")],
    ],
)
@pytest.mark.parametrize("value", [None, "", 2, "2"])
def test_same_html_as_django(choices, value):
    attrs = {"id": "id_cell", "class": "form-select", "required": True, "disabled": False}

    django_html = forms.Select(attrs=attrs, choices=choices).render("cell", value)
    plain_html = PlainSelect(attrs=attrs, choices=choices).render("cell", value)

    assert normalized(plain_html) == normalized(django_html)


def test_bootstrap_forms_write_their_selects_in_python():
    class Form(BootstrapForm):
        kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
        tags = forms.MultipleChoiceField(choices=[("a", "A")])

    form = Form(initial={"kind": "b"})

    assert type(form.fields["kind"].widget) is PlainSelect
    assert type(form.fields["tags"].widget) is forms.SelectMultiple
    assert '<option value="b" selected>B</option>' in str(form["kind"])


@pytest.mark.django_db
def test_name_choice_field_lists_names_and_cleans_to_the_instance():
    cell = OrganizationFactory(name='Chi bộ "Kho bạc"')
    field = NameChoiceField(queryset=Organization.objects.filter(pk=cell.pk))

    assert list(field.choices) == [("", "---------"), (cell.pk, 'Chi bộ "Kho bạc"')]
    assert field.clean(str(cell.pk)) == cell
    assert f'<option value="{cell.pk}" selected>Chi bộ &quot;Kho bạc&quot;</option>' in (
        field.widget.render("organization", cell.pk)
    )


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.TextInput(), None),
        (forms.TextInput(), ""),
        (forms.TextInput(), 'Chi bộ "Kho bạc" <B> & Tổ 1'),
        (forms.TextInput(), mark_safe("<b>đã an toàn</b>")),
        (forms.NumberInput(), 0),
        (forms.NumberInput(attrs={"min": 0, "step": "any"}), 12),
        (forms.EmailInput(), "a@b.vn"),
        (forms.DateInput(format="%d/%m/%Y"), datetime.date(2025, 3, 9)),
        (forms.DateInput(format="%d/%m/%Y"), "31/02/2025"),
        (forms.HiddenInput(), 7),
        (forms.Textarea(), None),
        (forms.Textarea(), "0"),
        (forms.Textarea(attrs={"rows": 3}), 'Dòng 1\n<Dòng 2> & "3"'),
    ],
)
def test_plain_inputs_write_the_same_html_as_django(widget, value):
    attrs = {"id": "id_field", "class": "form-control", "required": True, "disabled": False}
    plain = copy.deepcopy(widget)
    plain.__class__ = PLAIN_WIDGETS[type(widget)]

    django_html = widget.render("field", value, attrs)
    plain_html = plain.render("field", value, attrs)

    assert plain_html.strip() == django_html.strip()


def test_bootstrap_forms_write_their_inputs_in_python():
    class Form(BootstrapForm):
        name = forms.CharField()
        note = forms.CharField(widget=forms.Textarea)
        agreed = forms.BooleanField()

    form = Form(initial={"name": "Tổ 1"})

    assert isinstance(form.fields["name"].widget, PlainInputMixin)
    assert type(form.fields["note"].widget) is PLAIN_WIDGETS[forms.Textarea]
    assert type(form.fields["agreed"].widget) is forms.CheckboxInput  # left to Django
    assert 'value="Tổ 1"' in str(form["name"])
