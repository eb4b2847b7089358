"""Every change to the organization tree goes through here, so paths stay consistent."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.models import Organization
from organizations.text import normalize_text


@transaction.atomic
def create_organization(*, code, name, kind, parent=None, actor=None):
    """Create an organization under `parent` (a root when None).

    Refuses a kind that may not stand under the parent's kind (no cell under a cell).
    Side effects: one row; the parent's child counter is incremented (treebeard).
    """
    code = normalize_text(code)
    name = normalize_text(name)
    if Organization.objects.filter(code=code).exists():
        raise ValidationError(
            {"code": _("An organization with code %(code)s already exists.") % {"code": code}}
        )
    if parent is not None and not kind.allowed_parents.filter(pk=parent.kind_id).exists():
        raise ValidationError(
            {
                "kind": _("A %(kind)s cannot stand under a %(parent_kind)s.")
                % {"kind": kind.name, "parent_kind": parent.kind.name}
            }
        )
    values = {"code": code, "name": name, "kind": kind}
    if parent is None:
        return Organization.objects.add_root(values)
    # treebeard's add_child reads the parent's current path and child count.
    parent = Organization.objects.select_for_update().get(pk=parent.pk)
    return Organization.objects.add_child(parent, values)
