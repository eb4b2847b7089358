"""AuditedAdmin: every change made in Django's admin writes an audit row.

Grants, kinds of organization, terms and their level rules, award authorities: the admin is
where site administrators keep access and rule data, so its changes are audited like the
services' (docs/architecture.md, "Security"). Each row names the model's admin action
(`admin.added`, `admin.changed`, `admin.deleted`) and holds the changed fields before and
after (a whole row for an addition or a deletion); inline rows get their own.
"""

import datetime
import decimal

from django.contrib import admin
from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from core.audit import record_audit

# Form fields never written into the trail.
SECRET_FIELDS = frozenset({"password", "password1", "password2", "key", "bin_key"})


def _value(value):
    """A JSON-safe form of a field's value: objects by pk, sets of objects as sorted pks."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (models.QuerySet, list, tuple, set, frozenset)):
        items = [_value(item) for item in value]
        return sorted(items, key=str) if isinstance(value, (models.QuerySet, set)) else items
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    return str(value)


def _row(instance):
    """Every concrete field of `instance` (secrets left out), for an addition or a deletion."""
    return {
        field.attname: _value(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.name not in SECRET_FIELDS and field.attname not in SECRET_FIELDS
    }


def _changes(form):
    """{"before": ..., "after": ...} of the fields `form` changed."""
    names = [name for name in form.changed_data if name not in SECRET_FIELDS]
    return {
        "before": {name: _value(form.initial.get(name)) for name in names},
        "after": {name: _value(form.cleaned_data.get(name)) for name in names},
    }


def organization_path(instance):
    """The path the audit log scopes the row by: the object's organization, if it has one."""
    for name in ("org_path", "owner_path"):
        if getattr(instance, name, None):
            return getattr(instance, name)
    organization = getattr(instance, "organization", None)
    if organization is not None and getattr(organization, "path", None):
        return organization.path
    if instance._meta.label_lower == "organizations.organization":
        return instance.path
    return ""


def _record(request, action, instance, data):
    record_audit(
        actor=request.user,
        action=action,
        target=instance,
        data=data,
        organization_path=organization_path(instance),
    )


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose additions, changes and deletions (inline rows included, and the
    "delete selected" action) each write an audit row in the change's transaction."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            # Many-to-many fields are saved after this, in save_related, from the same form:
            # their values before and after are the form's, so one row covers both.
            if change:
                data = _changes(form)
                if data["before"] or data["after"]:
                    _record(request, "admin.changed", obj, data)
            else:
                _record(request, "admin.added", obj, {"after": _row(obj) | _changes(form)["after"]})

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            initial = {
                inline.instance.pk: inline
                for inline in formset.initial_forms
                if inline.instance.pk is not None
            }
            for inline in formset.deleted_forms:
                if inline.instance.pk is not None:
                    _record(
                        request, "admin.deleted", inline.instance, {"before": _row(inline.instance)}
                    )
            super().save_formset(request, form, formset, change)
            for instance in formset.new_objects:
                _record(request, "admin.added", instance, {"after": _row(instance)})
            for instance, _fields in formset.changed_objects:
                _record(request, "admin.changed", instance, _changes(initial[instance.pk]))

    def delete_model(self, request, obj):
        with transaction.atomic():
            _record(request, "admin.deleted", obj, {"before": _row(obj)})
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                _record(request, "admin.deleted", obj, {"before": _row(obj)})
            super().delete_queryset(request, queryset)
