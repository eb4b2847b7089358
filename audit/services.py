"""record_audit: the one way to write the audit trail."""

import datetime

from django.db import transaction

from audit.models import AuditEvent


def _jsonable(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
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
    return AuditEvent(
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
    AuditEvent.objects.bulk_create(events, batch_size=2000)
