"""Steps 3 and 4 of an import: write a valid plan; the whole import in one transaction."""

import contextlib
import functools

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import bulk
from core.audit import audit_event, record_audit_rows
from organizations import services
from organizations.models import Member, Organization
from organizations.spreadsheets.formats import (
    MAX_FILE_SIZE,
    MEMBER_SHEET,
    ORGANIZATION_SHEET,
    CellError,
    ImportPlan,
    SpreadsheetError,
)
from organizations.spreadsheets.planning import _organizations_by, _with_values, plan_import
from organizations.spreadsheets.reading import read_workbook

# --- Step 3: applying ------------------------------------------------------------------------


class ImportAborted(Exception):
    """A service refused a change while applying: the transaction is rolled back."""

    def __init__(self, error):
        super().__init__(error.message)
        self.error = error


class _ImportedFile:
    """Stands in for a model instance as the target of the summary audit row."""

    class _meta:  # Model._meta's one attribute that audit_event reads
        label_lower = "organizations.spreadsheet"

    def __init__(self, *, name, sha256):
        self.pk = sha256
        self.name = name

    def __str__(self):
        return self.name or self.pk


def apply_plan(*, plan, actor, on_progress=None, written=None):
    """Write a valid plan. Must run inside a transaction (import_workbook opens it).

    Side effects: organizations created parent first (services.create_organization), updated
    (services.update_organization) and moved (services.move_organization), each with its audit
    row; members created and updated in bulk, one audit row each ("member.created",
    "member.updated"); one "spreadsheet.imported" audit row with the counts. Nothing at all
    when the plan changes nothing. Raises ImportAborted when a service refuses a change.
    `on_progress(rows)`, if given, is called with the rows written so far after each batch.
    `written`, the StreamingWriter that wrote part of the plan while it was planned (its
    organizations, the new members of its first blocks), or None: the rest is written here.
    """
    if not plan.is_valid:
        raise ValueError("only a valid plan can be applied")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("apply_plan must run inside the import's transaction")
    if not plan.has_changes:  # (then a writer wrote nothing either)
        plan.applied = True
        return plan
    progress = _Progress(on_progress) if written is None else written.progress
    if written is None or not written.organizations_written:
        _apply_organizations(plan=plan, actor=actor, progress=progress)
    start = 0 if written is None else written.members_handled
    member_paths = _apply_members(plan=plan, actor=actor, progress=progress, start=start)
    record_audit_rows([_summary_event(plan=plan, actor=actor, member_paths=member_paths)])
    plan.applied = True
    return plan


class _Kept:
    """Stands in for a core.bulk.Overlap: keeps the statements it is given to run."""

    statements = None

    def run(self, statements):
        self.statements = statements


def _apply_organizations(*, plan, actor, progress):
    changed = [row for row in plan.organizations if row.action != "unchanged"]
    for row in sorted(changed, key=lambda row: row.depth):
        if row.existing is None:
            _create_organization(row=row, actor=actor)
        else:
            _update_organization(row=row, actor=actor)
    _sync_moved(changed)
    progress.add(len(changed))


class StreamingWriter:
    """Writes a plan while it is made (plan_import's `writer`): its organizations once they
    are planned, then each block of new members as soon as it is planned, on a
    core.bulk.Overlap (on PostgreSQL the server writes a block, its audit rows and checks
    while the next block is read and checked: docs/benchmarks.md); apply_plan writes the
    rest (members updated, blocks not written here, the summary row) once the whole plan is
    valid. Only what lies in the subtree of `held_scope` (a path: the caller holds that
    subtree against other imports, import_jobs.hold_scope; "" the whole tree) is written
    here: the first block reaching beyond it stops the writer, and the caller's before_apply
    (which holds the whole plan's subtree) comes before the rest. A plan found invalid after
    some blocks were written must be rolled back by the caller (import_workbook does).
    Used as a context manager inside the import's transaction: leaving waits for the
    statements left running (their error raised if the block raised none)."""

    def __init__(self, *, actor, on_progress, held_scope):
        self.actor = actor
        self.progress = _Progress(on_progress)
        self.held_scope = held_scope
        self.overlap = bulk.Overlap()
        self.organizations = {}  # code → Organization (as written, with its path)
        self.plan = None  # the plan being made, once its organizations are
        self.organizations_written = False
        self.members_handled = 0  # plan.members[:members_handled] are written (new ones)
        self.wrote = False  # anything at all
        self.queued = None  # the statements of the block kept until send()

    def __enter__(self):
        self.overlap.__enter__()
        return self

    def __exit__(self, kind, error, traceback):
        if kind is None:
            self.send()
        self.overlap.__exit__(kind, error, traceback)

    def send(self):
        """Start writing the block kept by members_planned (the one before is done then)."""
        if self.queued is not None:
            statements, self.queued = self.queued, None
            self.overlap.run(statements)

    def organizations_planned(self, plan):
        """Write the plan's organizations if they lie in the held subtree; go on or not."""
        self.plan = plan
        changed = [row for row in plan.organizations if row.action != "unchanged"]
        paths = [row.existing.path for row in changed if row.existing is not None]
        parents = {row.final_parent for row in changed if row.final_parent}
        # (a parent the file creates is checked by its own row)
        paths += [org.path for org in _organizations_by("code", parents).values()]
        if any(row.existing is None and not row.final_parent for row in changed):
            paths.append("")  # a new root
        if not all(path.startswith(self.held_scope) for path in paths):
            return False
        _apply_organizations(plan=plan, actor=self.actor, progress=self.progress)
        self.organizations_written = True
        self.wrote = bool(changed)
        return True

    def members_planned(self, rows):
        """Write the new members of `rows` (the next block of plan.members) if they go to
        organizations in the held subtree; go on or not."""
        creates = [row for row in rows if row.existing is None]
        codes = {row.organization_code for row in creates} - self.organizations.keys()
        if codes:
            self.organizations.update(_organizations_by("code", codes))
        if not all(
            self.organizations[row.organization_code].path.startswith(self.held_scope)
            for row in creates
        ):
            return False
        if creates:
            # Kept until send(): the planner sends it once the next block's lookup is done.
            # The block counts as written once its rows are in the table: reported from the
            # overlap's thread, while the planner may be waiting for the block's audit rows
            # and checks (the report need not wait for them, nor the bar: docs/benchmarks.md).
            kept = _Kept()
            _create_members(rows=creates, organizations=self.organizations, actor=self.actor,
                            overlap=kept, on_written=functools.partial(
                                self.progress.add, len(creates)))  # fmt: skip
            self.queued = kept.statements
            self.wrote = True
        self.members_handled += len(rows)
        return True


def _refused(row, sheet_format, error):
    messages = error.messages if isinstance(error, ValidationError) else [str(error)]
    return ImportAborted(
        CellError(sheet=sheet_format.title, row=row.row, message=" ".join(messages))
    )


def _create_organization(*, row, actor):
    parent = None
    if row.final_parent is not None:
        parent = Organization.objects.select_related("kind").get(code=row.final_parent)
    try:
        services.create_organization(
            code=row.code,
            name=row.name,
            kind=row.kind,
            parent=parent,
            note=row.note or "",
            actor=actor,
            # A sheet describes the tree as it stands, which may hold organizations of a kind
            # that since ended (a district, R-OR-06; an export restored): checked on its last day.
            as_of=row.kind.valid_until,
        )
    except ValidationError as error:
        raise _refused(row, ORGANIZATION_SHEET, error) from error


def _update_organization(*, row, actor):
    existing = row.existing
    changes = {}
    if row.name != existing.name:
        changes["name"] = row.name
    if row.kind != existing.kind:
        changes["kind"] = row.kind
    if row.note is not None and row.note != existing.note:
        changes["note"] = row.note
    try:
        if row.moves and "kind" in changes and not _kind_fits_current_parent(row, changes["kind"]):
            # The new kind fits only under the new parent: move first, then change the kind
            # (the move adds one to the version).
            _move(row=row, actor=actor)
            _update_fields(row=row, changes=changes, actor=actor, version=existing.version + 1)
        else:
            _update_fields(row=row, changes=changes, actor=actor, version=existing.version)
            if row.moves:
                _move(row=row, actor=actor)
    except ValidationError as error:  # StaleEditError included: someone saved it meanwhile
        raise _refused(row, ORGANIZATION_SHEET, error) from error


def _kind_fits_current_parent(row, kind):
    organization = Organization.objects.get(pk=row.existing.pk)
    return _kind_fits(kind, Organization.objects.get_parent(organization))


def _kind_fits(kind, parent):
    try:
        services.check_kind_under(kind, parent)
    except ValidationError:
        return False
    return True


def _update_fields(*, row, changes, actor, version):
    if not changes:
        return
    organization = Organization.objects.select_related("kind").get(pk=row.existing.pk)
    services.update_organization(
        organization=organization, actor=actor, expected_version=version, **changes
    )


def _move(*, row, actor):
    organization = Organization.objects.get(pk=row.existing.pk)
    new_parent = Organization.objects.select_related("kind").get(code=row.final_parent)
    services.move_organization(
        organization=organization, new_parent=new_parent, actor=actor, sync=False
    )


def _sync_moved(rows):
    """The path copies of every moved subtree, brought up to date once for the import."""
    codes = [row.code for row in rows if row.moves]
    if codes:
        paths = Organization.objects.filter(code__in=codes).values_list("path", flat=True)
        moved = Organization.objects.all().in_subtrees(list(paths)).values("pk")
        services.sync_path_copies(moved)


class _Progress:
    """Rows written so far, told to `on_progress` (if any) as they grow."""

    def __init__(self, on_progress):
        self.on_progress = on_progress
        self.written = 0

    def add(self, rows):
        self.written += rows
        if self.on_progress:
            self.on_progress(self.written)


# Members written per bulk INSERT or UPDATE statement (fewer where the database's limit on
# parameters is lower: Django caps bulk_create's batches by it) and between progress reports.
WRITE_BATCH = 2000
PROGRESS_BATCH = 10_000


def _batches(rows, size=None):
    size = size or PROGRESS_BATCH
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _apply_members(*, plan, actor, progress, start=0):
    """Create and update members in bulk, with their audit rows (the new members of
    plan.members[start:] only: those before were written by a StreamingWriter); return the
    paths of the organizations they left or joined."""
    creates = [row for row in plan.members[start:] if row.action == "create"]
    updates = plan.rows("members", "update")
    codes = {row.organization_code for row in plan.members if row.action != "unchanged"}
    organizations = _organizations_by("code", codes)
    # Each batch's rows, audit rows and foreign-key checks are left running on the database
    # (PostgreSQL) while the next batch's rows are built (core.bulk.Overlap); a batch counts
    # as written once its rows are in the table (reported from the overlap's thread).
    with bulk.Overlap() as overlap:
        for batch in _batches(creates):
            _create_members(rows=batch, organizations=organizations, actor=actor, overlap=overlap,
                            on_written=functools.partial(progress.add, len(batch)))  # fmt: skip
    # The organizations the members left or joined (each path once: a set, not a list per row).
    paths = {row.existing.org_path for row in updates}
    paths |= {organizations[row.organization_code].path
              for row in plan.members if row.action != "unchanged"}  # fmt: skip
    _check_versions(updates)
    for batch in _batches(updates):
        record_audit_rows(_update_members(rows=batch, organizations=organizations, actor=actor))
        bulk.check_deferred()
        progress.add(len(batch))
    return list(paths)


def _create_members(*, rows, organizations, actor, overlap, on_written=None):
    services.create_members_bulk(
        members=(
            (
                row.code,
                {
                    **row.values,
                    "organization": organizations[row.organization_code],
                    "name_key": row.name_key,
                },
            )
            for row in rows
        ),
        actor=actor,
        batch_size=WRITE_BATCH,
        overlap=overlap,
        on_written=on_written,
    )


def _check_versions(rows):
    """Refuse the import if a member to update was saved by someone else since the plan read
    it (the plan locks them when it runs in the import's transaction: belt and braces)."""
    planned = {row.existing.pk: row for row in rows}
    for members in _with_values(Member.objects.all(), "pk", planned):
        for pk, version in members.values_list("pk", "version"):
            if version != planned[pk].existing.version:
                raise ImportAborted(
                    CellError(
                        sheet=MEMBER_SHEET.title,
                        row=planned[pk].row,
                        message=_(
                            "Someone else changed this member after the file was checked; "
                            "check the file again."
                        ),
                    )
                )


def _update_members(*, rows, organizations, actor):
    """Update members in bulk through services.update_members_bulk (versions checked by
    _check_versions). Returns their audit rows."""
    changes = []
    for row in rows:
        member = row.existing
        after = {**row.values, "organization": organizations[row.organization_code]}
        changed = {name: value for name, value in after.items() if getattr(member, name) != value}
        changes.append((member.as_member(), changed))
    return services.update_members_bulk(changes=changes, actor=actor, batch_size=WRITE_BATCH)


def _summary_event(*, plan, actor, member_paths):
    """The "spreadsheet.imported" row, filed under the deepest organization holding every
    change, so that it shows in the audit of exactly that subtree."""
    codes = [row.code for row in plan.organizations if row.action != "unchanged"]
    paths = [organization.path for organization in _organizations_by("code", codes).values()]
    paths += member_paths
    return audit_event(
        actor=actor,
        action="spreadsheet.imported",
        target=_ImportedFile(name=plan.name, sha256=plan.sha256),
        data={"file": plan.name, "sha256": plan.sha256, **plan.counts},
        organization_path=_common_ancestor_path(paths),
    )


def _common_ancestor_path(paths):
    """The path of the deepest organization above or at every one of `paths` ("" if none)."""
    if not paths:
        return ""
    first, last = min(paths), max(paths)  # the sorted extremes share the common prefix
    length = 0
    while length < min(len(first), len(last)) and first[length] == last[length]:
        length += 1
    return first[: length - length % Organization.STEP]


# --- Step 4: the whole import ------------------------------------------------------------------


@bulk.cyclic_gc_paused()  # a city's rows are no garbage: docs/benchmarks.md
def import_workbook(
    *,
    source,
    user,
    dry_run=False,
    name="",
    max_size=MAX_FILE_SIZE,
    max_rows=None,
    on_progress=None,
    before_apply=None,
    held_scope=None,
):
    """Read, check and (unless `dry_run` or any error) apply a workbook; return its ImportPlan.

    `user` is the importer and the actor of the audit rows; None runs as the system, with full
    scope. All or nothing: the plan is made again inside the transaction that applies it, and
    any error (including one raised by a service while writing) rolls everything back.
    `max_rows` limits the rows per sheet (default: the setting IMPORT_MAX_ROWS).
    `on_progress(stage, done, total=None)`, if given, hears the bytes of XML checked ("file",
    with the total), the seconds spent opening a sheet ("opening", with its XML's bytes; see
    read_workbook), then the rows "read", "validated" (their cells checked), "compared" (with
    the database) and "written": each at least every few thousand rows or megabytes. The
    member rows are read, checked and compared block by block, so the stages' figures grow
    together.
    `held_scope`, if given, is the path of a subtree the caller holds against other imports
    for this transaction (import_jobs.hold_scope; "" the whole tree): what of the plan lies
    in it is written as it is planned (StreamingWriter), a city's new members while the
    rest of the file is read. `before_apply(plan)`, if given, is called inside the
    transaction once the whole plan is made and valid, before the rest is written; it may
    refuse the import by raising ImportAborted (everything is rolled back).
    Side effects: those of apply_plan, only when the plan is valid and `dry_run` is False.
    """
    tell = _stage_callbacks(on_progress)
    try:
        workbook = read_workbook(
            source=source,
            name=name,
            max_size=max_size,
            max_rows=max_rows,
            on_progress=tell.read,
            on_stage=on_progress,
            stream=True,  # the member rows are read as they are planned
        )
    except SpreadsheetError as error:
        return ImportPlan(errors=[CellError(message=str(error))], name=name)
    if dry_run:
        return plan_import(
            workbook=workbook, user=user, on_progress=tell.validated, on_compared=tell.compared
        )
    plan = None
    try:
        with transaction.atomic():
            writer = None
            if held_scope is not None:
                writer = StreamingWriter(
                    actor=user, on_progress=tell.written, held_scope=held_scope
                )
            with writer or contextlib.nullcontext():
                plan = plan_import(
                    workbook=workbook,
                    user=user,
                    lock=True,
                    on_progress=tell.validated,
                    on_compared=tell.compared,
                    writer=writer,
                )
            del workbook
            if not plan.is_valid:
                if writer is not None and writer.wrote:
                    transaction.set_rollback(True)  # what was written before the error
            else:
                if before_apply:
                    before_apply(plan)
                apply_plan(plan=plan, actor=user, on_progress=tell.written, written=writer)
    except ImportAborted as aborted:
        if plan is None:  # refused while the writer wrote the organizations: the plan so far
            plan = writer.plan
        plan.applied = False
        plan.errors.append(aborted.error)
    return plan


class _stage_callbacks:
    """`on_progress(stage, rows)` as one callback per stage (None when there is none)."""

    def __init__(self, on_progress):
        for stage in ("read", "validated", "compared", "written"):
            setattr(self, stage, on_progress and functools.partial(on_progress, stage))
