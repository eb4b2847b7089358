from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from organizations.choices import Role
from organizations.paths import PathField, subtree_q


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
    allowed_parents = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="allowed_children",
        blank=True,
        verbose_name=_("may stand under"),
    )

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("organization kind")
        verbose_name_plural = _("organization kinds")

    def __str__(self):
        return self.name


class OrganizationQuerySet(MP_NodeQuerySet):
    def in_subtree(self, organization):
        """`organization` and every organization below it: one range on the path index."""
        return self.filter(subtree_q(organization.path))

    def visible_to(self, user):
        """Organizations inside the subtrees granted to `user` (see organizations.access)."""
        from organizations import access

        return self.filter(access.visible_path_q(user))


class OrganizationManager(MP_NodeManager):
    def get_queryset(self):
        return OrganizationQuerySet(self.model).order_by("path")

    def in_subtree(self, organization):
        return self.get_queryset().in_subtree(organization)

    def visible_to(self, user):
        return self.get_queryset().visible_to(user)


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

    objects = OrganizationManager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.name

    @property
    def parent_path(self):
        return self.path[: -self.STEP]


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
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organization"], name="unique_role_grant"
            )
        ]
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.organization}"
