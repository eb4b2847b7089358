"""record_audit: the one way to write the audit trail.

The trail's table is the `audit` app's AuditEvent. Every app writes it, and the audit app reads
it through the organization scope, so the writer sits in the bottom layer and names the model
by its label (as settings.AUTH_USER_MODEL names the user model), not by an import: see
docs/architecture.md, "Layers".
"""

import datetime

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

AUDIT_MODEL = "audit.AuditEvent"


def _model():
    return apps.get_model(AUDIT_MODEL)


def _jsonable(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if hasattr(value, "pk"):
        return value.pk
    return value


def audit_event(*, actor, action, target, data=None, organization_path=""):
    """An unsaved AuditEvent, for bulk writes by a service that changes many rows at once."""
    return _model()(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        organization_path=organization_path,
        data=_jsonable(data or {}),
    )


def record_audit(*, actor, action, target, data=None, organization_path=""):
    """Write one audit row. Must run inside the transaction of the change it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_audit must be called inside the change's transaction")
    event = audit_event(
        actor=actor, action=action, target=target, data=data, organization_path=organization_path
    )
    event.save()
    return event


def record_audit_bulk(events):
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_audit_bulk must be called inside the change's transaction")
    _model().objects.bulk_create(events, batch_size=2000)


# The columns of a plain audit row (audit_row), as record_audit_rows writes them; the time
# is the write's.
AUDIT_ROW_FIELDS = (
    "actor_id",
    "action",
    "target_type",
    "target_id",
    "target_repr",
    "organization_path",
    "data",
)


def audit_actor_id(actor):
    """The actor column of an audit row: None for the system or an anonymous user."""
    return actor.pk if actor is not None and actor.is_authenticated else None


def audit_row(*, actor, action, target, data=None, organization_path=""):
    """audit_event as a plain tuple (AUDIT_ROW_FIELDS), for record_audit_rows: a change log of
    a city's members without a model instance per row."""
    return (
        audit_actor_id(actor),
        action,
        target._meta.label_lower,
        str(target.pk),
        str(target)[:255],
        organization_path,
        _jsonable(data or {}),
    )


def audit_selected(queryset, *, created_at=None):
    """The INSERT ... SELECT (sql, params) writing one audit row per row of `queryset`,
    computed by the database: `queryset` is a `values()` queryset of the AUDIT_ROW_FIELDS as
    its only columns (expressions over the changed rows, the data a JSONObject). Nothing is
    brought into the process (for a city's new members: their change log without building,
    encoding and sending 450,000 rows). One time for all, `created_at` or now. For
    record_audit_selected, or to run on a core.bulk.Overlap."""
    if list(queryset.query.values_select) or list(queryset.query.annotation_select) != list(
        AUDIT_ROW_FIELDS
    ):
        raise ValueError("the queryset must select exactly AUDIT_ROW_FIELDS")
    meta = _model()._meta
    quote = connection.ops.quote_name
    stamp = meta.get_field("created_at")
    columns = [quote(meta.get_field(name).column) for name in AUDIT_ROW_FIELDS]
    selected = ", ".join(f"{quote('rows')}.{quote(name)}" for name in AUDIT_ROW_FIELDS)
    sql, params = queryset.query.sql_with_params()
    return (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)}, {quote(stamp.column)}) "
        f"SELECT {selected}, %s FROM ({sql}) AS {quote('rows')}",
        (stamp.get_db_prep_value(created_at or timezone.now(), connection), *params),
    )


def record_audit_selected(queryset, *, created_at=None):
    """Write the audit rows of audit_selected(queryset) now. Must run inside the transaction
    of the change it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_audit_selected must be called inside the change's transaction")
    with connection.cursor() as cursor:
        cursor.execute(*audit_selected(queryset, created_at=created_at))


def record_audit_rows(events):
    """Write many audit rows at once: unsaved events (audit_event) or plain rows (audit_row,
    or tuples in AUDIT_ROW_FIELDS' order), as plain values (core.bulk.insert_values: COPY on
    PostgreSQL, executemany elsewhere), one time for all; their primary keys are not set. For
    imports of a city's members."""
    from core import bulk

    rows = (
        event
        if isinstance(event, tuple)
        else tuple(getattr(event, name) for name in AUDIT_ROW_FIELDS)
        for event in events
    )
    bulk.insert_values(_model(), AUDIT_ROW_FIELDS, rows)
