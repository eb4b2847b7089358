"""Step 2 of an import: check every row and plan what importing it would do."""

import functools
import itertools
import operator

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from core import bulk
from core.text import search_keys
from organizations import access, services
from organizations.choices import TREE_ROLES, Gender
from organizations.models import Member, Organization, OrganizationKind
from organizations.querysets import STAGE_FROM
from organizations.selectors import ancestor_paths
from organizations.spreadsheets.cells import CellReader, _level_shown
from organizations.spreadsheets.formats import (
    _GENDER_BY_TEXT,
    ABSENT,
    CHUNK,
    LEVEL_FIELDS,
    MEMBER_SHEET,
    MEMBER_VALUE_FIELDS,
    ORGANIZATION_SHEET,
    SHEETS,
    CellError,
    Change,
    ImportPlan,
    PlannedMember,
    PlannedOrganization,
    _key,
)

# Rows checked between two calls of plan_import's on_progress.
PROGRESS_EVERY = 5_000
# Member rows compared with the database between two calls of plan_import's on_compared
# (each block one lookup of existing members and one of possible duplicates).
COMPARE_EVERY = 20_000

# --- Step 2: planning ------------------------------------------------------------------------


def plan_import(*, workbook, user, lock=False, on_progress=None, on_compared=None, writer=None):
    """Check every row of `workbook` and decide what importing it would do.

    `user` None means the system: full scope. Otherwise organizations and members may only be
    created or changed inside subtrees where `user` holds a tree role; codes outside are
    reported as unknown. With `lock`, the members to update are locked (select_for_update),
    for a plan that is applied in the same transaction. `on_progress(rows)`, if given, is
    called with the rows checked so far every PROGRESS_EVERY rows and once at the end;
    `on_compared(rows)`, if given, with the member rows compared with the database (their
    existing members and possible duplicates looked up) every COMPARE_EVERY rows.
    The member rows are planned block by block (COMPARE_EVERY rows: read, checked, compared),
    so the member sheet's rows may be an iterator (read_workbook's `stream`).
    `writer`, if given, hears the plan as it grows, for writing it while the rest is planned
    (applying.StreamingWriter): `organizations_planned(plan)` once every organization row is
    planned, then `members_planned(rows)` with each block of member rows, in order, for as
    long as the plan has no error and the writer goes on (its result, true or false), and
    `send()` once the next block's existing members are read (the writer may keep a block's
    statements until then, so that the lookup does not wait for them). With a
    writer no possible duplicates are looked up (the rows it wrote would be found: the
    import job's check, which writes nothing, shows them). The member rows are otherwise
    planned as they would be without it.
    Side effects: none but the writer's (reads only).
    """
    planner = _Planner(workbook=workbook, user=user, lock=lock)
    planner.on_progress = on_progress
    planner.on_compared = on_compared
    planner.writer = writer
    return planner.run()


def _error_order(error):
    """File errors first, then by sheet, row and column as the format lists them."""
    sheet = _key(error.sheet)
    ranks = [
        rank
        for rank, sheet_format in enumerate(SHEETS)
        if sheet in {_key(sheet_format.title), _key(sheet_format.alias)}
    ]
    if not ranks:
        return (-1, 0, 0)
    columns = SHEETS[ranks[0]].columns
    column = _key(error.column)
    column_ranks = [
        rank
        for rank, candidate in enumerate(columns)
        if column in {_key(candidate.header), _key(candidate.alias)}
    ]
    return (ranks[0], error.row or 0, column_ranks[0] if column_ranks else len(columns))


def _chunks(items, size=CHUNK):
    items = sorted(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _with_values(queryset, field_name, values):
    """Querysets whose rows together are those of `queryset` with `field_name` in `values`:
    one query joining them staged in a temporary table for many values on PostgreSQL
    (core.bulk.staged), else one per CHUNK values. Each must be read before the next."""
    if bulk.stages_in_bulk() and len(values) > STAGE_FROM:
        column = bulk.field(queryset.model._meta, field_name)
        kind = column.db_type(connection)
        with bulk.staged(
            f"by_{field_name}", ((column.column, kind),), ((v,) for v in sorted(values))
        ) as stage:
            yield bulk.joined(queryset, stage, (field_name,))
        return
    for chunk in _chunks(values):
        yield queryset.filter(**{f"{field_name}__in": chunk})


def _organizations_by(field_name, values):
    """Organizations (with their kinds) whose `field_name` is in `values`: {value: org}."""
    found = {}
    for chunk in _chunks(values):
        organizations = Organization.objects.filter(**{f"{field_name}__in": chunk})
        for organization in organizations.select_related("kind"):
            found[getattr(organization, field_name)] = organization
    return found


def _members_stay(row, member_rows):
    """Whether members of the row's existing organization are still in it after the import
    (those the file moves elsewhere leave)."""
    staying = set(Member.objects.filter(organization=row.existing).values_list("code", flat=True))
    leaving = {m.code for m in member_rows if m.organization_code not in ("", row.code)}
    return bool(staying - leaving)


class UnchangedMember:
    """Stands for the existing member of a row the file leaves unchanged, once compared: its
    organization's path (import_jobs._scope_path) is all that is asked of it then."""

    __slots__ = ("org_path",)

    def __init__(self, org_path):
        self.org_path = org_path


class ExistingMember:
    """A member the file names, as planning reads it: the fields it compares and writes, and
    its organization. `as_member()` gives the model instance an update writes."""

    __slots__ = (
        "pk",
        "code",
        "version",
        "org_path",
        "organization_id",
        "name_key",
        *MEMBER_VALUE_FIELDS,
        "organization",
    )

    def __init__(self, *values):
        for name, value in zip(self.__slots__, values, strict=False):
            setattr(self, name, value)

    def __str__(self):
        return f"{self.full_name} ({self.code})"

    def as_member(self):
        member = Member(
            **{name: getattr(self, name) for name in self.__slots__[:-1]},
        )
        member.organization = self.organization
        member._state.adding = False
        return member


# The columns of ExistingMember whose few values repeat (shared as one string each).
_SHARED_COLUMNS = frozenset(
    index
    for index, name in enumerate(ExistingMember.__slots__)
    if name in ("org_path", "gender", "ethnicity", *LEVEL_FIELDS)
)


_member_values = operator.attrgetter(*MEMBER_VALUE_FIELDS)


class _Planner(CellReader):
    """The state of one planning pass; every method adds to `plan` or `plan.errors`."""

    def __init__(self, *, workbook, user, lock):
        self.workbook = workbook
        self.user = user
        self.lock = lock
        self.plan = ImportPlan(name=workbook.name, sha256=workbook.sha256)
        self.plan.errors.extend(workbook.errors)
        self.kinds = {}
        for kind in OrganizationKind.objects.all():
            self.kinds.setdefault(_key(kind.name), kind)
            if kind.name_en:
                self.kinds.setdefault(_key(kind.name_en), kind)
        self.kind_errors = {}
        self.clean_cells = {}  # CellReader's: (column, type, raw value) → the value read
        self.columns = {}  # CellReader.column's
        self.today = timezone.localdate()
        self.file_rows = {}  # code → PlannedOrganization, the usable rows of the sheet
        self.scope = {}  # path → in_scope(path)
        self.on_progress = None
        self.on_compared = None
        self.shared_values = {}  # _existing_members': one object per distinct value
        self.member_organizations = {}  # _existing_members': pk → Organization
        self.unchanged = {}  # org_path → UnchangedMember
        self.writer = None
        self.writing = False  # the writer hears the plan (no error so far)
        self.staying_checks = []  # kind changes whose members are checked after the sheet
        self.looked_up = set()  # codes of organizations looked up for the member rows
        self.reading_errors = len(workbook.errors)  # a streamed sheet's are added as read
        self.checked = 0
        self.reported = None  # the figure last told on_progress

    def run(self):
        organizations = self.workbook.sheets.get(ORGANIZATION_SHEET.key)
        members = self.workbook.sheets.get(MEMBER_SHEET.key)
        org_rows = self._parse_organizations(organizations) if organizations else []
        self._load_organizations(org_rows)
        if organizations:
            self._plan_organizations(organizations, org_rows)
        if self.writer is not None and not self.staying_checks and not self._has_errors():
            self.writing = bool(self.writer.organizations_planned(self.plan))
        if members:
            self._plan_members(members)
        if self.on_progress and self.reported != self.checked:
            self._report_checked()
        for sheet, row in self.staying_checks:
            if _members_stay(row, self.plan.members):
                self.error(
                    sheet,
                    row.row,
                    "kind",
                    _("Party members belong to it, and a %(kind)s holds no members.")
                    % {"kind": row.kind.name},
                )
        self.plan.errors.extend(self.workbook.errors[self.reading_errors :])
        self.plan.errors.sort(key=_error_order)
        return self.plan

    def _report_checked(self):
        self.on_progress(self.checked)
        self.reported = self.checked

    def _has_errors(self):
        return bool(self.plan.errors) or len(self.workbook.errors) > self.reading_errors

    def counted(self, rows):
        """The rows of a sheet, counted in `checked` (on_progress every PROGRESS_EVERY)."""
        for row in rows:
            yield row
            self.checked += 1
            if self.on_progress and not self.checked % PROGRESS_EVERY:
                self._report_checked()

    # -- helpers

    def error(self, sheet, row, field_name, message):
        self.plan.errors.append(
            CellError(
                sheet=sheet.title,
                row=row,
                column=sheet.header(field_name) if field_name else "",
                message=message,
            )
        )

    def in_scope(self, path):
        if self.user is None:
            return True
        known = self.scope.get(path)
        if known is None:  # asked once per organization, not once per member
            known = self.scope[path] = access.has_role(
                self.user, Organization(path=path), TREE_ROLES
            )
        return known

    def may_create_roots(self):
        return self.user is None or self.user.is_superuser

    def check_duplicates(self, sheet, rows, first=None):
        """Mark the rows repeating a code unusable, with an error; `first` ({code: row}),
        if given, holds the codes of the rows before (a sheet checked block by block)."""
        first = {} if first is None else first
        for row in rows:
            if not row.code:
                continue
            if row.code in first:
                row.usable = False
                self.error(
                    sheet,
                    row.row,
                    "code",
                    _("The code %(code)s appears again (first in row %(row)s).")
                    % {"code": row.code, "row": first[row.code]},
                )
            else:
                first[row.code] = row.row

    def kind_error(self, kind, parent_kind):
        """The message of check_kind_under for a pair of kinds, or None; asked once a pair."""
        key = (kind.pk, parent_kind and parent_kind.pk)
        if key not in self.kind_errors:
            parent = None if parent_kind is None else Organization(kind=parent_kind)
            try:
                services.check_kind_under(kind, parent)
            except ValidationError as error:
                self.kind_errors[key] = " ".join(error.message_dict.get("kind", error.messages))
            else:
                self.kind_errors[key] = None
        return self.kind_errors[key]

    # -- parsing

    def _parse_organizations(self, sheet):
        rows = []
        for number, values in self.counted(sheet.rows):
            row = PlannedOrganization(row=number, code="")
            row.code = self.text(sheet, number, values, "code", max_length=40) or ""
            row.name = self.text(sheet, number, values, "name", max_length=255) or ""
            kind_text = self.text(sheet, number, values, "kind", max_length=120)
            if kind_text:
                row.kind = self.kinds.get(_key(kind_text))
                if row.kind is None:
                    self.error(
                        sheet,
                        number,
                        "kind",
                        _("Unknown kind of organization: %(kind)s.") % {"kind": kind_text},
                    )
            row.parent_code = (
                self.text(sheet, number, values, "parent_code", max_length=40, required=False) or ""
            )
            if "note" in sheet.headers:
                row.note = self.text(sheet, number, values, "note", max_length=500, required=False)
                row.note = row.note or ""
            rows.append(row)
        self.check_duplicates(sheet, rows)
        return rows

    def _parse_members(self, sheet, raw_rows, first_codes):
        """The member rows of `raw_rows` (a block of the sheet), read column by column
        (CellReader.column, column_texts) in blocks of PROGRESS_EVERY rows (on_progress
        after each); repeated codes marked (`first_codes`: those of the rows before)."""
        rows = []
        for start in range(0, len(raw_rows), PROGRESS_EVERY):
            block = raw_rows[start : start + PROGRESS_EVERY]
            rows += self._parse_member_block(sheet, block)
            self.checked += len(block)
            if self.on_progress:
                self._report_checked()
        self.check_duplicates(sheet, rows, first_codes)
        named = [row for row in rows if row.full_name]
        for row, name_key in zip(named, search_keys([row.full_name for row in named]), strict=True):
            row.name_key = name_key
        return rows

    def _parse_member_block(self, sheet, block):
        codes = self.column_texts(sheet, block, "code", max_length=40)
        names = self.column_texts(sheet, block, "full_name", max_length=255)
        text = self.text
        columns = {
            "gender": self.column(sheet, block, "gender", self.gender),
            "birth_date": self.column(sheet, block, "birth_date", self.date),
            "ethnicity": self.column(
                sheet, block, "ethnicity", functools.partial(text, max_length=60)
            ),
            "organization_code": self.column(
                sheet, block, "organization_code", functools.partial(text, max_length=40)
            ),
            "admitted_on": self.column(sheet, block, "admitted_on", self.date),
            "official_on": self.column(
                sheet, block, "official_on", functools.partial(self.date, required=False)
            ),
        }
        for field_name in LEVEL_FIELDS:
            if field_name in sheet.headers:
                columns[field_name] = self.column(sheet, block, field_name, self.level)
        rows = []
        for index, (number, values) in enumerate(block):
            code = codes[index]
            if code is None:
                code = text(sheet, number, values, "code", max_length=40) or ""
            full_name = names[index]
            if full_name is None:
                full_name = text(sheet, number, values, "full_name", max_length=255)
            row = PlannedMember(row=number, code=code, full_name=full_name)
            for field_name, column in columns.items():
                setattr(row, field_name, column[index])
            row.organization_code = row.organization_code or ""
            rows.append(row)
        return rows

    def gender(self, sheet, number, values, field_name):
        gender = self.text(sheet, number, values, field_name, max_length=20)
        if not gender:
            return None
        value = _GENDER_BY_TEXT.get(self.key(gender))
        if value is None:
            self.error(
                sheet, number, field_name, _("Write Nam or Nữ, not %(value)s.") % {"value": gender}
            )
        return value

    # -- organizations

    def _load_organizations(self, org_rows):
        """Every organization the organization sheet names, and the ancestors of those that
        exist (the member sheet's are looked up block by block: _load_member_organizations)."""
        codes = {row.code for row in org_rows if row.code}
        codes |= {row.parent_code for row in org_rows if row.parent_code}
        self.looked_up |= codes
        self.by_code = _organizations_by("code", codes)
        prefixes = {
            path for organization in self.by_code.values() for path in ancestor_paths(organization)
        }
        self.by_path = _organizations_by("path", prefixes)
        self.by_path.update((org.path, org) for org in self.by_code.values())
        self.by_code.update((org.code, org) for org in self.by_path.values())

    def _load_member_organizations(self, rows):
        """The organizations `rows` (member rows) name, those not looked up before."""
        codes = {row.organization_code for row in rows if row.organization_code}
        codes -= self.looked_up
        if codes:
            self.looked_up |= codes
            self.by_code.update(_organizations_by("code", codes))

    def _plan_organizations(self, sheet, rows):
        for row in rows:
            if not row.usable or not row.code:
                continue
            existing = self.by_code.get(row.code)
            if existing is not None and not self.in_scope(existing.path):
                row.usable = False
                self.error(
                    sheet,
                    row.row,
                    "code",
                    _("The code %(code)s is not available.") % {"code": row.code},
                )
                continue
            row.existing = existing
            self.file_rows[row.code] = row
        for row in self.file_rows.values():
            self._resolve_parent(sheet, row)
        self._check_cycles(sheet)
        for row in self.file_rows.values():
            self._check_kind(sheet, row)
            if row.existing is not None:
                self._compare(row)
                if row.kind and row.kind != row.existing.kind:
                    self._check_kind_change(sheet, row)
        self.plan.organizations = rows

    def _current_parent_code(self, organization):
        if organization.depth == 1:
            return None
        return self.by_path[organization.parent_path].code

    def _unknown(self, code):
        """Whether `code` names neither a row of the file nor an organization in scope."""
        existing = self.by_code.get(code)
        return self.file_rows.get(code) is None and (
            existing is None or not self.in_scope(existing.path)
        )

    def _set_parent(self, row, code):
        """Put the row under `code`; an existing organization moves if that is a new parent."""
        row.parent_resolved = True
        row.final_parent = code
        row.moves = row.existing is not None and (code != self._current_parent_code(row.existing))

    def _resolve_parent(self, sheet, row):
        code = row.parent_code
        if code:
            if code == row.code:
                self.error(
                    sheet, row.row, "parent_code", _("An organization cannot stand under itself.")
                )
            elif self._unknown(code):
                self.error(
                    sheet,
                    row.row,
                    "parent_code",
                    _("Unknown parent code %(code)s.") % {"code": code},
                )
            else:
                self._set_parent(row, code)
        elif row.existing is not None:
            row.parent_resolved = True
            row.final_parent = self._current_parent_code(row.existing)
        elif self.may_create_roots():
            row.parent_resolved = True
        else:
            self.error(
                sheet,
                row.row,
                "parent_code",
                _("A new organization needs a parent code."),
            )

    def _parent_of(self, code):
        """The code of the parent of `code` after the import (None for a root)."""
        row = self.file_rows.get(code)
        if row is not None:
            return row.final_parent
        organization = self.by_code[code]
        if organization.depth == 1:
            return None
        return self.by_path[organization.parent_path].code

    def _check_cycles(self, sheet):
        """Give every row its depth after the import; report parent codes that loop."""
        depths = {}
        for start in self.file_rows:
            chain = []
            node = start
            while node is not None and node not in depths:
                if node in chain:
                    cycle = [*chain[chain.index(node) :], node]
                    for code in cycle[:-1]:
                        if code in self.file_rows:
                            self.error(
                                sheet,
                                self.file_rows[code].row,
                                "parent_code",
                                _("The parent codes form a cycle: %(cycle)s.")
                                % {"cycle": " → ".join(cycle)},
                            )
                        depths[code] = None
                    break
                chain.append(node)
                node = self._parent_of(node)
            base = 0 if node is None else depths.get(node)
            for offset, code in enumerate(reversed(chain), start=1):
                if code not in depths:
                    depths[code] = None if base is None else base + offset
        for code, row in self.file_rows.items():
            row.depth = depths.get(code)

    def _final_kind(self, code):
        row = self.file_rows.get(code)
        if row is not None:
            return row.kind
        return self.by_code[code].kind

    def _check_kind(self, sheet, row):
        """A kind that may not stand under its parent's kind, after the import."""
        if row.kind is None or row.depth is None or not row.parent_resolved:
            return
        parent_kind = None if row.final_parent is None else self._final_kind(row.final_parent)
        if row.final_parent is not None and parent_kind is None:
            return  # the parent's own row reports its kind
        existing = row.existing
        parent_row = self.file_rows.get(row.final_parent)
        parent_kind_changes = (
            parent_row is not None
            and parent_row.existing is not None
            and parent_row.kind != parent_row.existing.kind
        )
        if existing is None or row.moves or row.kind != existing.kind or parent_kind_changes:
            message = self.kind_error(row.kind, parent_kind)
            if message:
                self.error(sheet, row.row, "kind", message)
            elif row.moves and row.kind != existing.kind:
                self._check_kind_and_move(sheet, row, parent_kind)

    def _check_kind_and_move(self, sheet, row, parent_kind):
        """A new kind and a new parent at once: the services change one, then the other, so
        the new kind must fit the old parent or the old kind the new parent."""
        current_parent = self._current_parent_code(row.existing)
        current_parent_kind = None if current_parent is None else self._final_kind(current_parent)
        if self.kind_error(row.kind, current_parent_kind) is None:
            return
        reason = self.kind_error(row.existing.kind, parent_kind)
        if reason:
            self.error(
                sheet,
                row.row,
                "kind",
                _("The kind and the parent cannot change together: %(reason)s")
                % {"reason": reason},
            )

    def _check_kind_change(self, sheet, row):
        """An existing organization changing kind: its other children and members must fit
        (the members once every member row is read: run)."""
        organization = row.existing
        children = Organization.objects.children_of(organization).select_related("kind")
        for child in children:
            if child.code in self.file_rows:
                continue  # checked by its own row
            if self.kind_error(child.kind, row.kind):
                self.error(
                    sheet,
                    row.row,
                    "kind",
                    _(
                        "Its sub-organization %(code)s, a %(child_kind)s, cannot stand under a "
                        "%(kind)s."
                    )
                    % {"code": child.code, "child_kind": child.kind.name, "kind": row.kind.name},
                )
        if not row.kind.holds_members:
            self.staying_checks.append((sheet, row))

    def _compare(self, row):
        existing = row.existing
        if row.name and row.name != existing.name:
            row.changes.append(Change(_("name"), existing.name, row.name))
        if row.kind and row.kind != existing.kind:
            row.changes.append(Change(_("kind"), existing.kind.name, row.kind.name))
        if row.note is not None and row.note != existing.note:
            row.changes.append(Change(_("note"), existing.note, row.note))
        if row.moves:
            row.changes.append(
                Change(
                    _("parent organization"),
                    self._current_parent_code(existing),
                    row.final_parent,
                )
            )

    # -- members

    def _plan_members(self, sheet):
        """The member rows, COMPARE_EVERY at a time: read (the sheet's rows may be a stream),
        checked (_parse_members), then against the database: each one's existing member
        (looked up, compared) and possible duplicates, on_compared after each block (one
        lookup of a city's 450,000 codes was 10 s without a progress update); each block
        handed to the writer while the plan has no error."""
        matches = {}  # code of a new member → [possible duplicates in the database]
        first_codes = {}
        compared = 0
        rows = []
        raw_rows = iter(sheet.rows)
        while block := list(itertools.islice(raw_rows, COMPARE_EVERY)):
            block = self._parse_members(sheet, block, first_codes)
            self._load_member_organizations(block)
            existing = self._existing_members({row.code for row in block if row.code})
            if self.writing:
                # The block before goes to the database now that this one's lookup is done:
                # the server writes it while this block is compared and the next one read.
                self.writer.send()
            self._plan_member_block(sheet, block, existing)
            if self.writing and self._has_errors():
                self.writing = False
            if self.writer is None:
                matches.update(self._possible_duplicates(block))
            compared += len(block)
            if self.on_compared:
                self.on_compared(compared)
            rows += block
            if self.writing:
                self.writing = bool(self.writer.members_planned(block))
        self.plan.members = rows
        self._flag_possible_duplicates(rows, matches)

    def _plan_member_block(self, sheet, rows, existing):
        """Each of `rows` against its `existing` member ({code: ExistingMember}), if any."""
        for row in rows:
            organization = self._member_organization(sheet, row)
            member = existing.get(row.code)
            if member is not None and row.code:
                if not self.in_scope(member.org_path):
                    self.error(
                        sheet,
                        row.row,
                        "code",
                        _("The code %(code)s is not available.") % {"code": row.code},
                    )
                    continue
                row.existing = member
            values = {
                "organization": organization,
                "birth_date": row.birth_date,
                "admitted_on": row.admitted_on,
                "official_on": row.official_on,
            }
            for field_name, message in services.validate_member_values(
                values, today=self.today
            ).items():
                column = "organization_code" if field_name == "organization" else field_name
                self.error(sheet, row.row, column, message)
            if member is not None:
                self._compare_member(row)
                if row.changes is None:  # unchanged: of its member only the path is asked
                    row.existing = self._unchanged(member.org_path)

    def _unchanged(self, org_path):
        """The one UnchangedMember of `org_path` (a city's re-import: 450,000 ExistingMembers
        kept to the end of the plan were 100 MB more than this)."""
        found = self.unchanged.get(org_path)
        if found is None:
            found = self.unchanged[org_path] = UnchangedMember(org_path)
        return found

    @staticmethod
    def _new_people(rows):
        """(row, (code, name_key, birth date)) of the usable new members among `rows`."""
        return [
            (row, (row.code, row.name_key, row.birth_date))
            for row in rows
            if row.existing is None and row.code and row.usable
        ]

    def _possible_duplicates(self, rows):
        """{code: [members]} of the new members among `rows` with a possible duplicate in
        the database."""
        people = [person for _row, person in self._new_people(rows)]
        if not people:
            return {}
        # Only members the importer may see are shown (a flag must not leak other districts).
        visible = (
            Member.objects.all() if self.user is None else Member.objects.visible_to(self.user)
        )
        return visible.possible_duplicates(people)

    def _flag_possible_duplicates(self, rows, matches):
        new = self._new_people(rows)
        in_file = {}
        for _row, (code, name_key, birth_date) in new:
            if name_key and birth_date:
                in_file.setdefault((name_key, birth_date), []).append(code)
        for row, (code, name_key, birth_date) in new:
            same_in_file = [
                other for other in in_file.get((name_key, birth_date), []) if other != code
            ]
            if code in matches or same_in_file:
                existing = [
                    f"{member.full_name} ({member.code}, {member.organization.name})"
                    for member in matches.get(code, [])
                ]
                self.plan.possible_duplicates.append((row.row, code, existing + same_in_file))

    def _existing_members(self, codes):
        """{code: ExistingMember} of the members the file names, each with its organization
        (one instance per organization, shared): plain values, not model instances (a city's
        450,000 members as instances were most of a re-import's time and memory)."""
        found = {}
        members = Member.objects.all()
        if self.lock:
            members = members.select_for_update(of=("self",))
        shared = self.shared_values  # one string per distinct path, gender, ethnicity, level
        # A block's codes (COMPARE_EVERY at most) as one array: one probe of the codes'
        # unique index each, not a temporary table joined with every member.
        named = bulk.any_of(members, "code", sorted(codes)) if codes else members.none()
        # Streamed (a server-side cursor on PostgreSQL), not all held by the queryset.
        for values in named.values_list(*ExistingMember.__slots__[:-1]).iterator(5000):
            values = list(values)
            for index in _SHARED_COLUMNS:
                values[index] = shared.setdefault(values[index], values[index])
            member = ExistingMember(*values)
            found[member.code] = member
        organizations = self.member_organizations
        missing = {member.organization_id for member in found.values()} - organizations.keys()
        organizations.update(_organizations_by("pk", missing))
        for member in found.values():
            member.organization = organizations[member.organization_id]
        return found

    def _member_organization(self, sheet, row):
        """The organization a member row names, as it will be after the import (a stand-in
        with the new kind for organizations in the file), or None with an error."""
        code = row.organization_code
        if not code:
            return None
        file_row = self.file_rows.get(code)
        if file_row is not None:
            if file_row.kind is None:
                return None
            return Organization(code=code, kind=file_row.kind)
        organization = self.by_code.get(code)
        if organization is None or not self.in_scope(organization.path):
            self.error(
                sheet,
                row.row,
                "organization_code",
                _("Unknown organization code %(code)s.") % {"code": code},
            )
            return None
        return organization

    def _compare_member(self, row):
        member = row.existing
        if (
            _member_values(row) == _member_values(member)
            and row.organization_code == member.organization.code
        ):
            return  # unchanged: one comparison of tuples (most rows of a re-import)
        for field_name in MEMBER_VALUE_FIELDS:
            before = getattr(member, field_name)
            after = getattr(row, field_name)
            if (after is None or after is ABSENT) and field_name != "official_on":
                continue  # an invalid cell, reported already
            if before != after:
                if field_name == "gender":
                    before = Gender(before)
                elif field_name in LEVEL_FIELDS:
                    before, after = (_level_shown(field_name, value) for value in (before, after))
                label = Member._meta.get_field(field_name).verbose_name
                row.add_change(Change(label, before, after))
        if row.organization_code and row.organization_code != member.organization.code:
            row.add_change(
                Change(_("organization"), member.organization.code, row.organization_code)
            )
