"""Pickers: a member, an organization or an account chosen by typing a name.

One widget (PickerInput) and one form field (PickerField) serve every kind of thing; a kind
(a `Picker`, defined in the app that owns the model) says how its rows are searched and how
what was typed is resolved. The field is a plain text input: without JavaScript a code (or
an exact name) is typed or pasted; with static/js/picker.js a list of names found by the
kind's search endpoint opens under it (an ARIA combobox) and picking one fills in its code.
Every value is resolved again on the server inside the queryset the view passes, so a forged
value outside the user's scope is refused under the field (docs/architecture.md, "Pickers").
"""

import re

from django import forms
from django.db.models import Q
from django.http import JsonResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.forms import PlainInputMixin
from core.text import normalize_text, search_key

# Results a search endpoint returns: one page, ordered by name.
PICKER_SIZE = 20
# Shortest text searched: one letter would match most of a district.
MIN_QUERY = 2
# Several values in one field: separated by commas, semicolons or line breaks.
SEPARATORS = re.compile(r"[,;\n]+")


class Picker:
    """A kind of thing chosen by name. Subclasses say which field holds the code, which the
    accent-free name, and how a row is shown."""

    code_field = "code"
    key_field = "name_key"
    not_found = _("%(value)s: nothing with this code or name here.")
    ambiguous = _("%(value)s: several have this name here; give the code.")

    def search(self, queryset, query):
        """The first PICKER_SIZE rows whose name holds `query` (accents and case ignored)
        or whose code is `query`, ordered by name."""
        by_name = Q(**{f"{self.key_field}__contains": search_key(query)})
        by_code = Q(**{f"{self.code_field}__iexact": query})
        return list(
            queryset.filter(by_name | by_code).order_by(self.key_field, self.code_field)[
                :PICKER_SIZE
            ]
        )

    def resolve(self, queryset, text):
        """The rows `text` names: the one with this code, else those with exactly this name."""
        by_code = list(queryset.filter(**{self.code_field: text})[:1])
        if by_code:
            return by_code
        return list(queryset.filter(**{self.key_field: search_key(text)})[:2])

    def name(self, row):
        return str(row)

    def choice(self, row):
        """(value put in the field, label shown) for `row`."""
        code = getattr(row, self.code_field)
        return code, f"{self.name(row)} · {code}"


def split_values(text):
    return [part.strip() for part in SEPARATORS.split(text or "") if part.strip()]


class PickerInput(PlainInputMixin, forms.TextInput):
    """A text input that is also a combobox: static/js/picker.js fills the listbox after it
    from `search_url` as the user types (several values: the last one after a comma)."""

    def __init__(self, attrs=None, *, multiple=False):
        super().__init__(attrs)
        self.multiple = multiple
        self.search_url = ""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        listbox = f"{attrs.get('id', name)}-options"
        if self.search_url:
            attrs |= {
                "role": "combobox",
                "aria-autocomplete": "list",
                "aria-expanded": "false",
                "aria-controls": listbox,
                "autocomplete": "off",
                "data-picker-url": self.search_url,
            }
            if self.multiple:
                attrs["data-picker-multiple"] = "true"
        html = super().render(name, value, attrs, renderer)
        if not self.search_url:
            return html
        return format_html(
            '<div class="picker">{}<ul class="picker-options list-group" role="listbox" id="{}"'
            ' aria-label="{}" hidden></ul></div>',
            html,
            listbox,
            _("Names found"),
        )


class PickerField(forms.CharField):
    """Text naming one row (or several, `multiple`) of `queryset` by code or exact name; it
    cleans to the row (or the list of rows). The form sets `queryset` (the user's scope) and
    the widget's `search_url`."""

    def __init__(self, *, picker, multiple=False, **kwargs):
        kwargs.setdefault("max_length", 2000 if multiple else 255)
        super().__init__(widget=PickerInput(multiple=multiple), **kwargs)
        self.picker = picker
        self.multiple = multiple
        self.queryset = None

    def to_python(self, value):
        return normalize_text(super().to_python(value))

    def clean(self, value):
        text = super().clean(value)
        values = split_values(text) if self.multiple else ([text] if text else [])
        rows, errors = [], []
        for part in values:
            found = self.picker.resolve(self.queryset, part)
            if len(found) == 1:
                rows.append(found[0])
            else:
                code = "ambiguous" if found else "not_found"
                message = self.error_messages.get(code, getattr(self.picker, code))
                errors.append(forms.ValidationError(message, code, {"value": part[:60]}))
        if errors:
            raise forms.ValidationError(errors)
        if self.multiple:
            return list(dict.fromkeys(rows))
        return rows[0] if rows else None


def picker_response(request, picker, queryset):
    """The search endpoint's answer: {"results": [{"value": code, "label": shown, "name":
    name}]}, at most PICKER_SIZE, nothing for a query shorter than MIN_QUERY."""
    query = normalize_text(request.GET.get("q", ""))[:100]
    rows = picker.search(queryset, query) if len(query) >= MIN_QUERY else []
    return JsonResponse({"results": [result(picker, row) for row in rows]})


def result(picker, row):
    value, label = picker.choice(row)
    return {"value": value, "label": label, "name": picker.name(row)}
