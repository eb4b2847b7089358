"""The form toolkit every app's forms use: Bootstrap classes, widgets written in Python,
text normalised at the input boundary, a service's errors shown on a form."""

from django import forms
from django.core import validators
from django.forms.models import ModelChoiceIterator
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe

from core.dates import date_problem
from core.text import normalize_text, unsafe_text_message

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


class NormalizedCharField(forms.CharField):
    """Text stored NFC, without zero-width characters or runs of spaces (so a tab or a line
    break becomes a space; other control characters are refused, see check_characters)."""

    def to_python(self, value):
        return normalize_text(super().to_python(value))


class DateRangeValidator:
    """A plausible date (core.dates): between EARLIEST_DATE and LATEST_DATE, and for a date
    of birth not in the future. The message names the field."""

    def __init__(self, label, *, birth=False):
        self.label = label
        self.birth = birth

    def __call__(self, value):
        problem = date_problem(value, label=str(self.label), birth=self.birth)
        if problem:
            raise forms.ValidationError(problem, code="implausible_date")


class BirthDateField(forms.DateField):
    """A date of birth: not in the future, not before core.dates.EARLIEST_DATE."""

    birth = True


def html_attrs(attrs):
    """A widget's attributes as Django's attrs.html writes them: in order, a True value as the
    bare name, a False one left out (flatatt sorts them instead)."""
    return mark_safe(
        "".join(
            f" {name}" if value is True else f' {name}="{conditional_escape(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


class PlainSelect(forms.Select):
    """A <select> written in Python. Django renders every <option> through a template, which
    took two thirds of the member form's time with a district's 222 cells to choose from
    (docs/benchmarks.md, load test); the HTML is the same (tests/test_plain_widgets.py), the
    selection rule Django's own (ChoiceWidget.optgroups): the first matching option only."""

    def render(self, name, value, attrs=None, renderer=None):
        wanted = set(self.format_value(value))
        selected_one = False
        parts = []
        for option_value, option_label in self.choices:
            if isinstance(option_label, (list, tuple)):
                group, choices = option_value, option_label
            else:
                group = None
                choices = [("" if option_value is None else option_value, option_label)]
            if group is not None:
                parts.append(f'<optgroup label="{conditional_escape(group)}">')
            for subvalue, sublabel in choices:
                text = str(subvalue)
                selected = not selected_one and text in wanted
                selected_one |= selected
                parts.append(
                    f'<option value="{escape(text)}"{" selected" if selected else ""}>'
                    f"{conditional_escape(sublabel)}</option>"
                )
            if group is not None:
                parts.append("</optgroup>")
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            html_attrs(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(parts)),
        )


class PlainInputMixin:
    """An <input> written in Python, as Django's input.html and attrs.html write it: a page's
    forms cost a template render per field otherwise (the congress page draws 20 inputs)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            name,
            "" if widget["value"] is None else format_html(' value="{}"', widget["value"]),
            html_attrs(widget["attrs"]),
        )


class PlainTextarea(forms.Textarea):
    """A <textarea> written in Python, as Django's textarea.html writes it."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            name,
            html_attrs(widget["attrs"]),
            widget["value"] or "",
        )


# The widgets BootstrapForm writes in Python (exact classes only: a subclass may render
# otherwise).
PLAIN_WIDGETS = {
    forms.Select: PlainSelect,
    forms.Textarea: PlainTextarea,
    **{
        widget: type(f"Plain{widget.__name__}", (PlainInputMixin, widget), {})
        for widget in (
            forms.TextInput,
            forms.NumberInput,
            forms.EmailInput,
            forms.DateInput,
            forms.HiddenInput,
        )
    },
}


class NameChoiceIterator(ModelChoiceIterator):
    """(pk, name) pairs read with values_list: no model instance per option."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")


class NameChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField over a model whose str() is its `name` (organizations): the options
    are read as (pk, name) pairs, half the member form's select time with 222 cells. Cleaning
    still returns the model instance."""

    iterator = NameChoiceIterator


# PostgreSQL's `integer`, the narrowest column a form's unbounded number is stored in: a number
# a form accepts fits every column on SQLite and PostgreSQL (a larger one was a 500).
INTEGER_RANGE = (-(2**31), 2**31 - 1)


def parse_id(value):
    """A primary key or version read from a request by hand: an integer ≥ 0 in the database's
    range, or None (for "²", "１２", "99999999999999999999" and other things that are not)."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdecimal()):
        return None
    number = int(value)
    return number if number < 2**63 else None


def parse_ids(values):
    return [number for number in map(parse_id, values) if number is not None]


def _not_yet_bounded(fields, field_class):
    """The (name, field) pairs of `field_class` not bounded yet, each marked as bounded."""
    for name, field in fields.items():
        if isinstance(field, field_class) and not getattr(field, "bounded", False):
            field.bounded = True
            yield name, field


def bound_numbers(fields):
    """Give every integer, decimal and float field without a bound of its own the column's range
    (fields added after __init__, such as a round's vote fields, included)."""
    low, high = INTEGER_RANGE
    for _name, field in _not_yet_bounded(fields, forms.IntegerField):
        if field.max_value is None:
            field.validators.append(validators.MaxValueValidator(high))
        if field.min_value is None:
            field.validators.append(validators.MinValueValidator(low))


def bound_dates(fields):
    """Give every date field a plausible range (DateRangeValidator), a date of birth
    (BirthDateField) its own; fields added after __init__ included."""
    for name, field in _not_yet_bounded(fields, forms.DateField):
        label = field.label or name
        field.validators.append(DateRangeValidator(label, birth=getattr(field, "birth", False)))


def check_characters(form):
    """Refuse, naming the field, text holding a control character, a bidi control or U+FFFD
    (core.text.unsafe_character) in any CharField of a bound form. Checked on the data as
    sent, before NormalizedCharField turns whitespace into spaces; tab and line breaks pass
    in a textarea and in a normalised field. A field already in error keeps its error."""
    if not form.is_bound:
        return
    for name, field in form.fields.items():
        if not isinstance(field, forms.CharField) or field.disabled or name in form._errors:
            continue
        data = form[name].data
        multiline = isinstance(field.widget, forms.Textarea) or isinstance(
            field, NormalizedCharField
        )
        for value in data if isinstance(data, list | tuple) else [data]:
            if not isinstance(value, str):
                continue
            label = str(field.label or name)
            problem = unsafe_text_message(value, label=label, multiline=multiline)
            if problem:
                form.add_error(name, forms.ValidationError(problem, code="unsafe_character"))
                break


class BoundedNumbersForm(forms.Form):
    """A form whose numbers are bounded to what the database stores (bound_numbers), whose
    dates are plausible (bound_dates) and whose text holds no control, bidi or invalid
    characters (check_characters)."""

    def full_clean(self):
        bound_numbers(self.fields)
        bound_dates(self.fields)
        super().full_clean()
        if self._errors is not None:
            check_characters(self)


def write_in_python(widget):
    """Render `widget` without templates when PLAIN_WIDGETS has its class (the same HTML)."""
    plain = PLAIN_WIDGETS.get(type(widget))
    if plain is not None:
        widget.__class__ = plain


def add_bootstrap_class(widget):
    """Add Bootstrap's class to `widget`'s: form-select on a <select>, form-control otherwise."""
    css = "form-select" if isinstance(widget, forms.Select) else "form-control"
    widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class BootstrapForm(BoundedNumbersForm):
    """Bootstrap 5 classes on every widget, so templates can render fields plainly; the
    common widgets are written in Python (PLAIN_WIDGETS), the same HTML as Django's. Numbers
    are bounded (BoundedNumbersForm)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            write_in_python(field.widget)
            if not isinstance(field.widget, forms.HiddenInput):
                add_bootstrap_class(field.widget)


def add_service_errors(form, error):
    """Show a service's ValidationError on `form`: per field where the form has that field,
    else as a form-wide error (a stale edit, a rule about several fields)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error)
