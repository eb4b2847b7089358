"""Every change to organizations and members goes through here.

Paths stay consistent (the tree's and the copies on members), every personnel change writes
an audit row in the same transaction, and edits are compare-and-set on a version number.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat, JSONObject, Left
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from core import bulk
from core.audit import (
    AUDIT_ROW_FIELDS,
    audit_actor_id,
    audit_event,
    audit_row,
    audit_selected,
    record_audit,
    record_audit_selected,
)
from core.editing import StaleEditError, versioned_update
from core.text import normalize_text, search_key
from organizations.models import (
    Member,
    MemberMove,
    Organization,
    OrganizationKind,
    OrganizationMerge,
    OrganizationMove,
)

# Shown when a form was loaded before someone else changed the organization.
ORGANIZATION_STALE = gettext_lazy("Someone else changed this organization. Reload and try again.")


def organization_search_key(name, code):
    return f"{search_key(name)} {search_key(code)}"


def check_kind_under(kind, parent):
    """Refuse a kind that may not stand under the parent's kind (no cell under a cell)."""
    if parent is None:
        if kind.allowed_parents.exists():
            raise ValidationError(
                {"kind": _("A %(kind)s needs a parent organization.") % {"kind": kind.name}}
            )
        return
    if not kind.allowed_parents.filter(pk=parent.kind_id).exists():
        raise ValidationError(
            {
                "kind": _("A %(kind)s cannot stand under a %(parent_kind)s.")
                % {"kind": kind.name, "parent_kind": parent.kind.name}
            }
        )


def kind_validity_rule():
    """ "R-OR-05, Hướng dẫn 31-HD/BTCTW": the rule with its source written out, as
    congresses.rulepacks.cite words it. organizations stands below congresses and cannot read a
    term's rule pack; the source is the one congresses 0015 seeds."""
    return _("%(rule)s, %(document)s") % {
        "rule": "R-OR-05",
        "document": f"{pgettext('party document', 'Guidance')} 31-HD/BTCTW",
    }


def check_kind_valid(kind, day):
    """Refuse a kind that organizations may not be of on `day` (R-OR-05, R-OR-06: the district
    level ended on 30/6/2025, the commune/ward/special-zone committees began on 1/7/2025)."""
    if not kind.is_valid_on(day):
        raise ValidationError(
            {
                "kind": _(
                    "No organization can be a %(kind)s on %(day)s: the kind is valid %(period)s "
                    "(%(rule)s)."
                )
                % {
                    "kind": kind.name,
                    "day": date_format(day, "d/m/Y"),
                    "period": kind_period(kind),
                    "rule": kind_validity_rule(),
                }
            }
        )


def kind_period(kind):
    """The validity of `kind` in words: "from 01/07/2025", "until 30/06/2025"..."""
    start = kind.valid_from and date_format(kind.valid_from, "d/m/Y")
    end = kind.valid_until and date_format(kind.valid_until, "d/m/Y")
    if start and end:
        return _("from %(start)s until %(end)s") % {"start": start, "end": end}
    if start:
        return _("from %(start)s") % {"start": start}
    if end:
        return _("until %(end)s") % {"end": end}
    return _("without limit")


@transaction.atomic
def create_organization(
    *, code, name, kind, parent=None, note="", actor=None, valid_from=None, as_of=None
):
    """Create an organization under `parent` (a root when None), valid from `valid_from`.

    Its kind must be valid on `as_of` (default: `valid_from`, else today; R-OR-06): building
    the 2020 tree today passes a day of 2020. Side effects: one row (treebeard increments the
    parent's child counter); an audit row.
    """
    code = normalize_text(code)
    name = normalize_text(name)
    if Organization.objects.filter(code=code).exists():
        raise ValidationError(
            {"code": _("An organization with code %(code)s already exists.") % {"code": code}}
        )
    check_kind_under(kind, parent)
    check_kind_valid(kind, as_of or valid_from or timezone.localdate())
    values = {
        "code": code,
        "name": name,
        "kind": kind,
        "note": normalize_text(note),
        "search_key": organization_search_key(name, code),
        "valid_from": valid_from,
    }
    if parent is None:
        organization = Organization.objects.add_root(values)
    else:
        # Lock the parent: treebeard derives the new path from its current children.
        parent = Organization.objects.select_for_update().get(pk=parent.pk)
        organization = Organization.objects.add_child(parent, values)
    record_audit(
        actor=actor,
        action="organization.created",
        target=organization,
        data={"code": code, "name": name, "kind": kind.code, "parent": parent and parent.code},
        organization_path=organization.path,
    )
    return organization


@transaction.atomic
def update_organization(*, organization, actor, expected_version, **changes):
    """Change name, kind, note or the committee's official name (the letterhead's); refuses if
    someone saved it since `expected_version`."""
    allowed = {"name", "kind", "note", "committee_name", "valid_from", "valid_to"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)} here")
    for field in ("name", "note", "committee_name"):
        if field in changes:
            changes[field] = normalize_text(changes[field])
    if "kind" in changes and changes["kind"].pk != organization.kind_id:
        parent = Organization.objects.get_parent(organization)
        check_kind_under(changes["kind"], parent)
        valid_from = changes.get("valid_from", organization.valid_from)
        check_kind_valid(changes["kind"], valid_from or timezone.localdate())
    name = changes.get("name", organization.name)
    return versioned_update(
        instance=organization,
        changes=changes,
        expected_version=expected_version,
        actor=actor,
        action="organization.updated",
        stale_message=ORGANIZATION_STALE,
        organization_path=organization.path,
        extra={"search_key": organization_search_key(name, organization.code)},
    )


# Path copies kept on other tables, by field name: the foreign key whose path they copy.
PATH_COPIES = {"org_path": "organization", "owner_path": "owner"}


def path_copy_fields():
    """(model, path field, foreign key) of every path copy in the project."""
    from django.apps import apps

    from core.paths import PathField

    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            key = PATH_COPIES.get(field.name)
            if isinstance(field, PathField) and key and hasattr(model, key):
                found.append((model, field.name, key))
    return found


def sync_path_copies(organizations):
    """Copy each organization's current path onto every row that keeps a copy of it
    (members, congresses, progress entries...): one UPDATE per table."""
    for model, path_field, key in path_copy_fields():
        current = Organization.objects.filter(pk=OuterRef(f"{key}_id")).values("path")[:1]
        model.objects.filter(**{f"{key}__in": organizations}).update(
            **{path_field: Subquery(current)}
        )


def _refuse_stale(organization, expected_version):
    """StaleEditError when a form loaded at `expected_version` (None: no check) is stale."""
    if expected_version is not None and organization.version != expected_version:
        raise StaleEditError(ORGANIZATION_STALE)


def check_move(organization, new_parent, *, on=None):
    """Refuse a move under the organization's own subtree, under a kind it may not stand
    under, or of an organization whose kind is not valid on the day of the move (`on`, default
    today; R-OR-06) (ValidationError)."""
    if new_parent.path.startswith(organization.path):
        raise ValidationError(
            {"parent": _("An organization cannot be moved under itself or its own subtree.")}
        )
    check_kind_under(organization.kind, new_parent)
    check_kind_valid(organization.kind, on or timezone.localdate())


def is_reform_successor(predecessor, successor, merged_on):
    """Whether `successor` is of a kind that a reform began (a kind valid from a date, on or
    before `merged_on`) and stands higher than `predecessor`'s: the 2025 ward committees took
    in the grassroots ward committees of the districts (R-OR-05, R-OR-06)."""
    kind = successor.kind
    return (
        merged_on is not None
        and kind.valid_from is not None
        and kind.valid_from <= merged_on
        and kind.level < predecessor.kind.level
    )


def check_merge(predecessor, successor, *, merged_on=None):
    """Refuse merging `predecessor` into itself, its own subtree, another kind (unless the
    successor is of a kind a reform began, is_reform_successor), or once it was dissolved or
    merged already (ValidationError)."""
    if predecessor.pk == successor.pk or successor.path.startswith(predecessor.path):
        raise ValidationError(
            _("%(name)s cannot be merged into itself or into its own subtree.")
            % {"name": predecessor.name}
        )
    if predecessor.kind_id != successor.kind_id and not is_reform_successor(
        predecessor, successor, merged_on
    ):
        raise ValidationError(
            _("%(name)s is a %(kind)s and cannot be merged into a %(successor_kind)s.")
            % {
                "name": predecessor.name,
                "kind": predecessor.kind.name,
                "successor_kind": successor.kind.name,
            }
        )
    if predecessor.valid_to is not None:
        raise ValidationError(
            _("%(name)s was already dissolved or merged.") % {"name": predecessor.name}
        )


@transaction.atomic
def move_organization(
    *, organization, new_parent, actor, expected_version=None, sync=True, on=None
):
    """Move `organization` and its whole subtree under `new_parent`.

    Side effects: the paths of the subtree are rewritten (treebeard), then the path copies on
    the members of the subtree (one UPDATE per table; with `sync` False the caller does it
    once for all its moves, inside the same transaction: the spreadsheet import); an
    OrganizationMove row dated `on` (what the tree on an earlier day replays:
    querysets.subtree_on_q); an audit row. With `expected_version`, refuses a move decided on
    an organization that changed since (StaleEditError). The organization's kind must be
    valid on `on` (default today).
    """
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    _refuse_stale(organization, expected_version)
    new_parent = Organization.objects.select_for_update().get(pk=new_parent.pk)
    check_move(organization, new_parent, on=on)
    old_parent_path = organization.parent_path
    old_path = organization.path
    Organization.objects.move(organization, new_parent, "last-child")
    organization.refresh_from_db()
    OrganizationMove.objects.create(
        organization=organization,
        old_path=old_path,
        new_path=organization.path,
        moved_on=on or timezone.localdate(),
    )
    if sync:
        sync_path_copies(Organization.objects.in_subtree(organization).values("pk"))
    Organization.objects.filter(pk=organization.pk).update(version=F("version") + 1)
    record_audit(
        actor=actor,
        action="organization.moved",
        target=organization,
        data={"from_parent_path": old_parent_path, "old_path": old_path, "to": new_parent.code},
        organization_path=organization.path,
    )
    organization.refresh_from_db()
    return organization


def _locked(organizations):
    """The rows of `organizations`, locked for update."""
    return list(
        Organization.objects.select_for_update().filter(pk__in=[org.pk for org in organizations])
    )


def _move_members(source, target, moved_on):
    """Move the members of `source` into `target`, each recorded as moved on `moved_on`
    (MemberMove: where they counted before); returns how many moved."""
    members = Member.objects.filter(organization=source)
    MemberMove.objects.bulk_create(
        [
            MemberMove(
                member_id=pk, from_organization=source, to_organization=target, moved_on=moved_on
            )
            for pk in members.values_list("pk", flat=True)
        ],
        batch_size=2000,
    )
    return members.update(organization=target, org_path=target.path, version=F("version") + 1)


@transaction.atomic
def merge_organizations(*, predecessors, successor, merged_on, actor, expected_versions=None):
    """Merge `predecessors` into `successor` (e.g. cells after residential groups merged).

    Members and child organizations of the predecessors move to the successor; the
    predecessors stay in the tree as history, valid until `merged_on`; the successor is
    flagged to hold its congress right away (rule R-OR-06). Side effects: the moves, one
    OrganizationMerge row per predecessor, audit rows. `expected_versions` ({pk: version})
    refuses a merge decided on organizations that changed since (StaleEditError).
    """
    successor = Organization.objects.select_for_update().get(pk=successor.pk)
    predecessors = _locked(predecessors)
    if not predecessors:
        raise ValidationError(_("Choose at least one organization to merge."))
    for predecessor in predecessors:
        _refuse_stale(predecessor, (expected_versions or {}).get(predecessor.pk))
        check_merge(predecessor, successor, merged_on=merged_on)

    for predecessor in predecessors:
        for child in list(Organization.objects.get_children(predecessor)):
            move_organization(organization=child, new_parent=successor, actor=actor, on=merged_on)
        moved_members = _move_members(predecessor, successor, merged_on)
        Organization.objects.filter(pk=predecessor.pk).update(
            valid_to=merged_on, version=F("version") + 1
        )
        OrganizationMerge.objects.create(
            predecessor=predecessor, successor=successor, merged_on=merged_on
        )
        record_audit(
            actor=actor,
            action="organization.merged",
            target=predecessor,
            data={"successor": successor.code, "members_moved": moved_members},
            organization_path=successor.path,
        )
    Organization.objects.filter(pk=successor.pk).update(
        must_hold_congress=True, version=F("version") + 1
    )
    successor.refresh_from_db()
    return successor


# --- Members -------------------------------------------------------------------------------

MEMBER_FIELDS = (
    "full_name",
    "gender",
    "birth_date",
    "ethnicity",
    "admitted_on",
    "official_on",
    "organization",
    "education",
    "qualification",
    "political_theory",
    "left_on",
)


def age_on(day, birth_date):
    """Age in whole years on `day`."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def validate_member_values(values, *, today=None):
    """Field errors of a member's values, as {field: message}; empty when all is well."""
    today = today or timezone.localdate()
    errors = {}
    organization = values.get("organization")
    if organization is not None and not organization.kind.holds_members:
        errors["organization"] = _(
            "Members belong to a cell or a grassroots cell, not to a %(kind)s."
        ) % {"kind": organization.kind.name}
    birth_date = values.get("birth_date")
    admitted_on = values.get("admitted_on")
    official_on = values.get("official_on")
    if birth_date is not None and not 16 <= age_on(today, birth_date) <= 110:
        errors["birth_date"] = _("A date of birth must give an age between 16 and 110.")
    if admitted_on is not None and admitted_on > today:
        errors["admitted_on"] = _("The admission date cannot be in the future.")
    elif birth_date and admitted_on and age_on(admitted_on, birth_date) < 16:
        errors["admitted_on"] = _("A member is admitted at 16 at the earliest.")
    if official_on is not None:
        if official_on > today:
            errors["official_on"] = _("The date made official cannot be in the future.")
        elif admitted_on is not None and official_on <= admitted_on:
            errors["official_on"] = _("The date made official must come after the admission.")
    left_on = values.get("left_on")
    if left_on is not None:
        if left_on > today:
            errors["left_on"] = _("The date of leaving cannot be in the future.")
        elif admitted_on is not None and left_on < admitted_on:
            errors["left_on"] = _("The date of leaving cannot come before the admission.")
    return errors


def _clean_member_values(values):
    values = dict(values)
    for field in ("full_name", "ethnicity"):
        if field in values:
            values[field] = normalize_text(values[field])
    return values


@transaction.atomic
def create_member(*, code, actor, **values):
    """Create a member. Side effects: one row with the organization's path copied; audit."""
    values = _clean_member_values(values)
    code = normalize_text(code)
    errors = validate_member_values(values)
    if Member.objects.filter(code=code).exists():
        errors["code"] = _("A member with code %(code)s already exists.") % {"code": code}
    if errors:
        raise ValidationError(errors)
    member = Member.objects.create(
        code=code,
        name_key=search_key(values["full_name"]),
        org_path=values["organization"].path,
        **values,
    )
    record_audit(
        actor=actor,
        action="member.created",
        target=member,
        data={field: values.get(field, "") for field in MEMBER_FIELDS},
        organization_path=member.org_path,
    )
    return member


# The columns create_members_bulk writes, after the code and the name's search key.
_MEMBER_VALUES = tuple(field for field in MEMBER_FIELDS if field != "organization")


def create_members_bulk(*, members, actor, batch_size=500, overlap=None, on_written=None):
    """Create many members at once (the spreadsheet import): `members` are (code, values)
    pairs whose values (MEMBER_FIELDS, organization included) were checked by the caller with
    validate_member_values (and may hold the name's search key, "name_key", if computed).
    Must run inside the caller's transaction.
    Side effects: the rows (core.bulk.insert_values: COPY on PostgreSQL, executemany
    elsewhere; no model instance per member), with the organization's path copied; one
    "member.created" audit row each, with the same data as create_member's, computed by the
    database from the rows just written (core.audit.record_audit_selected: one INSERT ...
    SELECT, nothing built or sent per member by the process). `batch_size` is not used any
    more. With `overlap` (a core.bulk.Overlap), the rows, their audit rows and then their
    deferred foreign-key checks are left running on it (PostgreSQL: the server writes them
    while the caller builds its next batch; the caller waits for them, `overlap.wait()`,
    before its own statements, or they wait on the connection); the batch before is waited
    for here, once `members` are read and adapted. `on_written()`, if given, is called once
    the rows are in the table, before their audit rows are written (on the overlap's
    thread, with one: a progress report that need not wait for the rest).
    """
    defaults = {name: Member._meta.get_field(name).get_default() for name in _MEMBER_VALUES}
    rows = []
    codes = []
    for code, values in members:
        organization = values["organization"]
        row = [values.get(name, defaults[name]) for name in _MEMBER_VALUES]
        name_key = values.get("name_key") or search_key(values["full_name"])
        rows.append((code, name_key, *row, organization.pk,
                     organization.path, 1))  # fmt: skip
        codes.append(code)
    columns = ("code", "name_key", *_MEMBER_VALUES, "organization_id", "org_path", "version")
    # The rows just written, by their codes (unique: a member another transaction committed
    # meanwhile with one of them would have failed the INSERT).
    written = bulk.any_of(Member.objects.all(), "code", codes)
    audit_rows = _created_audit_rows(written, audit_actor_id(actor))
    now = timezone.now()
    if overlap is None:
        bulk.insert_values(Member, columns, rows)
        if on_written:
            on_written()
        record_audit_selected(audit_rows, created_at=now)
    else:
        inserting = bulk.inserted(Member, columns, rows)
        audit = audit_selected(audit_rows, created_at=now)
        report = [on_written] if on_written else []
        overlap.run([inserting, *report, audit, *bulk.deferred_checks()])


def _created_audit_rows(members, actor_id):
    """The "member.created" audit rows of `members` as expressions (record_audit_selected):
    the data create_member records (dates as ISO text, the organization's key), the target
    as audit_event gives it ("Full name (code)", cut at 255 characters)."""
    return (
        members.order_by()
        .annotate(
            actor_id=Cast(Value(actor_id), models.IntegerField()),  # typed, even as NULL
            action=Value("member.created"),
            target_type=Value(Member._meta.label_lower),
            target_id=Cast("pk", models.CharField()),
            target_repr=Left(Concat("full_name", Value(" ("), "code", Value(")")), 255),
            organization_path=F("org_path"),
            data=JSONObject(
                **{name: F(name) for name in _MEMBER_VALUES}, organization=F("organization_id")
            ),
        )
        .values(*AUDIT_ROW_FIELDS)
    )


def write_member_changes(*, member, changed, expected_version, actor):
    """Compare-and-set UPDATE of the `changed` fields (already validated); returns the
    unsaved audit event. Raises StaleEditError if the member's version moved on.

    Shared by update_member and the spreadsheet import, which saves its events in bulk.
    """
    extra = {"updated_at": timezone.now()}
    if "full_name" in changed:
        extra["name_key"] = search_key(changed["full_name"])
    if "organization" in changed:
        extra["org_path"] = changed["organization"].path
    updated = Member.objects.filter(pk=member.pk, version=expected_version).update(
        version=F("version") + 1, **changed, **extra
    )
    if updated != 1:
        raise StaleEditError(_("Someone else changed this member. Reload and try again."))
    return audit_event(
        actor=actor,
        action="member.updated",
        target=member,
        data={"before": {field: getattr(member, field) for field in changed}, "after": changed},
        organization_path=extra.get("org_path", member.org_path),
    )


def update_members_bulk(*, changes, actor, batch_size=500):
    """Update many members at once (the spreadsheet import): `changes` are (member, changed
    fields) pairs, validated by the caller, whose members it has locked and checked to be at
    the version it loaded. Returns the "member.updated" audit rows (core.audit.audit_row),
    with the data write_member_changes records. Must run inside the caller's transaction.
    Side effects: one UPDATE from a staging table (core.bulk.update_rows), each member one
    version up. `batch_size` is not used.
    """
    now = timezone.now()
    events, fields = [], {"version", "updated_at"}
    for member, changed in changes:
        events.append(
            audit_row(
                actor=actor,
                action="member.updated",
                target=member,
                data={
                    "before": {field: getattr(member, field) for field in changed},
                    "after": changed,
                },
                organization_path=changed["organization"].path
                if "organization" in changed
                else member.org_path,
            )
        )
        _set_member_changes(member, changed, now)
        fields.update(changed)
    fields.update(("name_key", "org_path"))
    bulk.update_rows(Member, [member for member, _changed in changes], sorted(fields))
    return events


def _set_member_changes(member, changed, now):
    for field, value in changed.items():
        setattr(member, field, value)
    member.version += 1
    member.updated_at = now
    if "full_name" in changed:
        member.name_key = search_key(changed["full_name"])
    if "organization" in changed:
        member.org_path = changed["organization"].path


@transaction.atomic
def update_member(*, member, actor, expected_version, **changes):
    """Change a member's data; refuses a stale edit. Side effects: one UPDATE, audit row
    with the fields before and after."""
    unknown = set(changes) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)} here")
    changes = _clean_member_values(changes)
    merged = {field: getattr(member, field) for field in MEMBER_FIELDS} | changes
    errors = validate_member_values(merged)
    if errors:
        raise ValidationError(errors)
    changed = {field: value for field, value in changes.items() if getattr(member, field) != value}
    if not changed:
        # A form loaded before someone else's save is stale even if its values are there now.
        if not Member.objects.filter(pk=member.pk, version=expected_version).exists():
            raise StaleEditError(_("Someone else changed this member. Reload and try again."))
        return member
    event = write_member_changes(
        member=member, changed=changed, expected_version=expected_version, actor=actor
    )
    event.save()
    member.refresh_from_db()
    return member


def end_membership(*, member, actor, expected_version, left_on=None):
    """The member leaves on `left_on` (today unless given): counted no more from the day after
    (core.asof.member_on). Compare-and-set like an edit; audited with before and after."""
    return update_member(
        member=member,
        actor=actor,
        expected_version=expected_version,
        left_on=left_on or timezone.localdate(),
    )


# --- Checks ------------------------------------------------------------------------------------


def tree_problems():
    """Inconsistencies of the stored tree, as (code, message) pairs, for check_tree.

    Reads the tree in one query and checks it in memory (treebeard's own find_problems runs
    two queries per node, minutes at city scale); the members' path copies in one more query.
    """
    step = Organization.STEP
    alphabet = set(Organization.alphabet)
    rows = list(Organization.objects.values_list("path", "code", "depth", "numchild", "kind_id"))
    by_path = {row[0]: row for row in rows}
    children = {}
    for path in by_path:
        if len(path) > step:
            children[path[:-step]] = children.get(path[:-step], 0) + 1
    allowed = _allowed_parent_ids()
    problems = []
    for path, code, depth, numchild, kind_id in rows:
        if not set(path) <= alphabet:
            problems.append((code, "path has characters outside the alphabet"))
            continue
        if len(path) % step:
            problems.append((code, "path length is not a multiple of the step"))
            continue
        if depth != len(path) // step:
            problems.append((code, "depth does not match the path"))
        if numchild != children.get(path, 0):
            problems.append((code, "child counter does not match the children"))
        if len(path) > step:
            parent = by_path.get(path[:-step])
            if parent is None:
                problems.append((code, "no organization holds the parent path"))
            elif parent[4] not in allowed.get(kind_id, set()):
                problems.append((code, "kind may not stand under its parent's kind"))
    for model, path_field, key in path_copy_fields():
        stale = model.objects.exclude(**{path_field: F(f"{key}__path")})
        label = "code" if model is Member else "pk"
        problems += [
            (value, f"{model._meta.model_name}'s path copy differs from its {key}'s path")
            for value in stale.values_list(label, flat=True)
        ]
    return problems


def _allowed_parent_ids():
    through = OrganizationKind.allowed_parents.through
    allowed = {}
    for from_id, to_id in through.objects.values_list(
        "from_organizationkind_id", "to_organizationkind_id"
    ):
        allowed.setdefault(from_id, set()).add(to_id)
    return allowed
