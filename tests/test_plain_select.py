"""PlainSelect writes the same <select> as Django's template-rendered Select."""

import re

import pytest
from django import forms

from organizations.forms import BootstrapForm, PlainSelect


def normalized(html):
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize(
    "choices",
    [
        [("", "---------"), (1, "Chi bộ Tổ dân phố 1"), (2, 'Chi bộ "Kho bạc" <B>')],
        [("Phường Xuân La", [(1, "Tổ 1"), (2, "Tổ 2")]), ("Khác", [(3, "Tổ 3")])],
    ],
)
@pytest.mark.parametrize("value", [None, "", 2, "2"])
def test_same_html_as_django(choices, value):
    attrs = {"class": "form-select", "id": "id_cell", "required": True, "disabled": False}

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
