"""Compare-and-set edits: the one way a form's changes are saved over a versioned row.

The form carries the version it was loaded with; the UPDATE matches the primary key and that
version and bumps it. Zero rows updated means someone saved in between: StaleEditError, shown
to the user, never a silent overwrite. The audit row is written in the same transaction.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from core.audit import record_audit


class StaleEditError(ValidationError):
    """The record changed since the form was loaded: a concurrent edit won."""


def _at_version(instance, version):
    """The row of `instance` if it is still at `version` (an empty queryset otherwise)."""
    return type(instance).objects.filter(pk=instance.pk, version=version)


@transaction.atomic
def versioned_update(
    *,
    instance,
    changes,
    expected_version,
    actor,
    action,
    stale_message,
    organization_path,
    extra=None,
):
    """Save the fields of `changes` that differ from `instance`; returns the fresh instance.

    `extra` holds derived fields written alongside (search keys, path copies) but not audited.
    Side effects: one conditional UPDATE, one audit row with the changed fields before and
    after; nothing at all when nothing changed (a stale version is refused all the same).
    """
    changed = {name: value for name, value in changes.items() if getattr(instance, name) != value}
    if not changed:
        # Nothing to write, but a form loaded before someone else's save is still stale: its
        # author saw other values. Say so rather than report a save that did not happen.
        if not _at_version(instance, expected_version).exists():
            raise StaleEditError(stale_message)
        return instance
    updated = _at_version(instance, expected_version).update(
        version=F("version") + 1, **changed, **(extra or {})
    )
    if updated != 1:
        raise StaleEditError(stale_message)
    record_audit(
        actor=actor,
        action=action,
        target=instance,
        data={"before": {name: getattr(instance, name) for name in changed}, "after": changed},
        organization_path=organization_path,
    )
    instance.refresh_from_db()
    return instance
