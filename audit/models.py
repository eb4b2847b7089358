from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.querysets import AuditEventQuerySet
from core.paths import PathField


class AuditEvent(models.Model):
    """One change, written by the service that made it, in the same transaction.

    Append-only: nothing in the application updates or deletes these rows. `data` may hold
    personnel values (before/after), so reading the audit is itself scoped and restricted.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=60)
    target_type = models.CharField(_("object type"), max_length=60)
    target_id = models.CharField(_("object id"), max_length=64)
    target_repr = models.CharField(_("object"), max_length=255)
    # The organization path the change belongs to, so the audit can be scoped like everything.
    organization_path = PathField(_("organization path"), max_length=255, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
            models.Index(fields=["organization_path"], name="audit_path"),
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"
