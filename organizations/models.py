from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager

from core.jobs import Job, status_field
from core.paths import PathField
from organizations.choices import (
    Education,
    ExportStatus,
    Gender,
    ImportPhase,
    ImportStatus,
    PoliticalTheory,
    Qualification,
    Role,
)
from organizations.querysets import (
    MemberQuerySet,
    OrganizationKindQuerySet,
    OrganizationQuerySet,
    PathScopedQuerySet,
)


class OrganizationKind(models.Model):
    """A kind of party organization (Đảng bộ quận, Chi bộ trực thuộc, ...), kept as data.

    Which kinds may stand under which is data too, so a reform of the hierarchy (the 2025
    end of the district level) needs new rows, not new code.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    level = models.PositiveSmallIntegerField(
        _("level"), help_text=_("1 for the top of the tree; larger numbers stand lower.")
    )
    holds_members = models.BooleanField(
        _("holds members"),
        default=False,
        help_text=_("Party members belong directly to organizations of this kind (cells)."),
    )
    # Rule R-OR-01: warn when an organization's member count does not fit its kind.
    min_members = models.PositiveIntegerField(_("minimum members"), null=True, blank=True)
    max_members = models.PositiveIntegerField(_("maximum members"), null=True, blank=True)
    allowed_parents = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="allowed_children",
        blank=True,
        verbose_name=_("may stand under"),
    )

    # Rule R-OR-06: kinds are data with validity dates (the district level ended on 30/6/2025,
    # the commune/ward/special-zone committees began on 1/7/2025, R-OR-05). Empty: open-ended.
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = OrganizationKindQuerySet.as_manager()

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("organization kind")
        verbose_name_plural = _("organization kinds")

    def __str__(self):
        return self.name

    def is_valid_on(self, day):
        """Whether organizations of this kind may exist on `day` (R-OR-06)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


class OrganizationManager(MP_NodeManager):
    def get_queryset(self):
        return OrganizationQuerySet(self.model).order_by("path")

    def in_subtree(self, organization):
        return self.get_queryset().in_subtree(organization)

    def visible_to(self, user):
        return self.get_queryset().visible_to(user)

    def writable_by(self, user):
        return self.get_queryset().writable_by(user)

    def children_of(self, organization):
        return self.get_queryset().children_of(organization)

    def in_subtree_on(self, organization, day):
        return self.get_queryset().in_subtree_on(organization, day)

    def children_on(self, organization, day):
        return self.get_queryset().children_on(organization, day)


class Organization(MP_Node):
    """A party organization; its place in the tree is a materialized path (treebeard MP_Node).

    Create, move and merge only through organizations.services, which keeps paths consistent.
    """

    STEP = MP_Node.steplen

    path = PathField(max_length=255, unique=True)
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.ForeignKey(
        OrganizationKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind")
    )
    # Accent-free lower-case "name code", for searching the way people type.
    search_key = models.CharField(max_length=300, editable=False, db_index=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # The official name of the organization's committee on the letterhead of its documents
    # ("Thành ủy Thành phố Hồ Chí Minh"); blank: derived from the name (reports.letterhead).
    # db_default: rows written by code that predates the column (or by SQL) get "" too.
    committee_name = models.CharField(
        _("committee's official name"), max_length=255, blank=True, default="", db_default=""
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    # The day the organization is gone (dissolved, or merged away: services.merge_organizations
    # sets the merger's day); it counts on the days before (OrganizationQuerySet.on).
    valid_to = models.DateField(_("dissolved or merged on"), null=True, blank=True)
    # Set by a merger: the successor must hold its congress right away.
    must_hold_congress = models.BooleanField(_("must hold its congress now"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = OrganizationManager()

    class Meta:
        indexes = [
            # The children of an organization (one depth, a path range, in path order): read
            # off this index, not filtered from the whole subtree (national root: 112 ms → see
            # docs/benchmarks.md).
            models.Index(fields=["depth", "path"], name="organization_depth_path"),
        ]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.name

    @property
    def parent_path(self):
        return self.path[: -self.STEP]


class OrganizationMerge(models.Model):
    """A predecessor merged into a successor (cells merged after residential groups were)."""

    predecessor = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="merged_into",
        verbose_name=_("predecessor"),
    )
    successor = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="merged_from",
        verbose_name=_("successor"),
    )
    merged_on = models.DateField(_("merged on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["predecessor"], name="merged_once"),
        ]
        verbose_name = _("merger")
        verbose_name_plural = _("mergers")

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"


class OrganizationMove(models.Model):
    """A subtree moved in the tree (R-OR-06: parent links have dates): the organization's path
    before and after, and the day the move took effect. Paths have no date, so the tree (and
    every path copy) shows today's places; these rows are how a date before a move finds the
    places of then (querysets.subtree_on_q). Written by services.move_organization, never edited."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="moves",
        verbose_name=_("organization"),
    )
    old_path = PathField(_("path before"), max_length=255)
    new_path = PathField(_("path after"), max_length=255)
    moved_on = models.DateField(_("moved on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        # The order the paths were rewritten in: replaying them needs it.
        ordering = ["pk"]
        verbose_name = _("move in the tree")
        verbose_name_plural = _("moves in the tree")

    def __str__(self):
        return f"{self.organization} {self.old_path} → {self.new_path} ({self.moved_on})"


class MemberMove(models.Model):
    """A member moved by a merger straight from the predecessor into the successor
    (services.merge_organizations): their path copy now says the successor's; before
    `moved_on` they counted in `from_organization` (querysets.MemberQuerySet.in_subtree_on)."""

    member = models.ForeignKey(
        "organizations.Member",
        on_delete=models.CASCADE,
        related_name="moves",
        verbose_name=_("member"),
    )
    from_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    moved_on = models.DateField(_("moved on"))

    class Meta:
        indexes = [models.Index(fields=["moved_on"], name="member_move_day")]
        verbose_name = _("member moved by a merger")
        verbose_name_plural = _("members moved by mergers")

    def __str__(self):
        return f"{self.member_id}: {self.from_organization} → {self.to_organization}"


class Member(models.Model):
    """A party member, with only what the congress work needs (not the personal dossier)."""

    # Unique and indexed through Meta, not `unique=True`/`db_index=True`: on PostgreSQL those
    # add a varchar_pattern_ops twin of each index (for LIKE 'prefix%'), which no query uses
    # and every new member paid for (docs/benchmarks.md, "Redundant indexes").
    code = models.CharField(_("code"), max_length=40)
    full_name = models.CharField(_("full name"), max_length=255)
    name_key = models.CharField(max_length=255, editable=False)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"))
    ethnicity = models.CharField(_("ethnicity"), max_length=60)
    # For the credentials report (R-EL-34); optional, blank when not recorded.
    education = models.CharField(
        _("general education"), max_length=20, choices=Education.choices, blank=True
    )
    qualification = models.CharField(
        _("professional qualification"), max_length=20, choices=Qualification.choices, blank=True
    )
    political_theory = models.CharField(
        _("political theory"), max_length=20, choices=PoliticalTheory.choices, blank=True
    )
    admitted_on = models.DateField(_("admitted on"))
    official_on = models.DateField(
        _("made official on"),
        null=True,
        blank=True,
        help_text=_("Empty while the member is probationary."),
    )
    # The day the member left the party organization (transferred out of the tree, struck off,
    # deceased); empty while a member. A member counts on a date when admitted on or before it
    # and not yet gone (core.asof.member_on).
    left_on = models.DateField(_("left on"), null=True, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("organization"),
    )
    # A copy of organization.path kept by the services, so that statistics over any subtree
    # are one range scan on this table (measured: 3 ms for 15,000 of 450,000 members).
    org_path = PathField(max_length=255, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["org_path", "name_key", "code"]
        indexes = [
            models.Index(
                # Covering the figures on a date too (core.asof.member_on): admitted, gone.
                fields=[
                    "org_path",
                    "gender",
                    "birth_date",
                    "official_on",
                    "admitted_on",
                    "left_on",
                ],
                name="member_subtree_stats",
            ),
            # The member list's order within a subtree: a page is read off the index, not
            # sorted from the whole subtree (1.4 s → see docs/benchmarks.md at city scale).
            models.Index(fields=["org_path", "name_key", "code"], name="member_list_order"),
            # Pickers and the possible-duplicates search: a name's key, equal or ordered.
            models.Index(fields=["name_key"], name="member_name_key"),
        ]
        constraints = [models.UniqueConstraint(fields=["code"], name="member_code_unique")]
        verbose_name = _("party member")
        verbose_name_plural = _("party members")

    def __str__(self):
        return f"{self.full_name} ({self.code})"

    @property
    def is_official(self):
        return self.official_on is not None


class RoleGrant(models.Model):
    """A user's role over the whole subtree of one organization."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_grants",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="role_grants",
        verbose_name=_("organization"),
    )
    # Where the grant comes from: empty for a grant made by an administrator,
    # "working_group:<id>" for one that follows a working group's assignments.
    source = models.CharField(_("source"), max_length=60, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organization", "source"], name="unique_role_grant"
            )
        ]
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.organization}"


class InOrganization(models.Model):
    """An organization and the copy of its path (kept by organizations.services
    .sync_path_copies) that scope checks and subtree rollups read."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organization"),
    )
    org_path = PathField(max_length=255, editable=False)

    objects = PathScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class ImportJob(Job):
    """A spreadsheet import too large for a request (IMPORT_BACKGROUND_ROWS): the uploaded
    file is checked by a worker (phase check, the preview), then, once its requester confirms,
    applied by a worker in one transaction (phase apply). Claimed and leased like a report job
    (core.jobs); the file is kept through the default storage until the job ends. The live
    progress is kept in the cache (the apply's transaction hides its writes); the row keeps
    the last figures."""

    FILE_DIRECTORY = "imports/jobs/"

    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    phase = models.CharField(
        _("phase"), max_length=8, choices=ImportPhase.choices, default=ImportPhase.CHECK
    )
    status = status_field(ImportStatus)
    # The subtree the import changes (the deepest organization above everything it names),
    # known once the file is checked: two imports of one subtree never apply at once.
    scope_path = models.CharField(_("subtree"), max_length=255, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_validated = models.PositiveIntegerField(_("rows checked"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    preview = models.JSONField(_("preview"), default=dict, blank=True)

    class Meta(Job.Meta):
        indexes = [
            models.Index(fields=["status", "lease_expires_at"], name="import_job_sweep"),
            models.Index(fields=["requested_by", "created_at"], name="import_job_by_user"),
        ]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self):
        return f"{self.file_name} · {self.get_phase_display()} · {self.get_status_display()}"


class ExportJob(Job):
    """The export of a subtree too large for a request (EXPORT_BACKGROUND_ROWS members): a
    worker streams the workbook into the default storage (exports/jobs/), its requester
    downloads it from the job's page. Claimed and leased like an import job (core.jobs)."""

    FILE_DIRECTORY = "exports/jobs/"

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("organization"),
    )
    status = status_field(ExportStatus)
    # The date the workbook shows the subtree on (core.asof); empty on the jobs asked for
    # before exports were dated, which showed the day they ran.
    as_of = models.DateField(_("as of"), null=True, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)

    class Meta(Job.Meta):
        indexes = [
            models.Index(fields=["status", "lease_expires_at"], name="export_job_sweep"),
            models.Index(fields=["requested_by", "created_at"], name="export_job_by_user"),
        ]
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")

    def __str__(self):
        return f"{self.organization_id} · {self.get_status_display()}"
