"""Writes of the quick report (báo cáo nhanh kết quả đại hội, R-RP-02): the staff write the
issues to report and send the report up to the higher committee. Each function owns its
transaction and writes its audit row; a stale form is refused (StaleEditError), nothing written.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import record_audit
from core.editing import StaleEditError
from core.text import normalize_text
from reports.models import QuickReport


def _stale():
    return StaleEditError(
        _("Someone else changed this quick report meanwhile. Reload it and check before saving.")
    )


def _clean(issues):
    """Each line normalised, blank lines dropped: the lines are the report's paragraphs."""
    lines = (normalize_text(line) for line in (issues or "").splitlines())
    return "\n".join(line for line in lines if line)


@transaction.atomic
def save_quick_report(*, congress, actor, issues, expected_version, send=False, now=None):
    """Save the issues of `congress`'s quick report (created on the first save, then a
    compare-and-set on its version) and, with `send`, mark it sent up now by `actor` (sending
    again re-sends the current text). Audited."""
    issues = _clean(issues)
    report = QuickReport.objects.select_for_update().filter(congress=congress).first()
    values = {"issues": issues}
    if send:
        values.update(sent_at=now or timezone.now(), sent_by=actor)
    if report is None:
        if expected_version not in (None, 0):
            raise _stale()
        report = QuickReport.objects.create(
            congress=congress,
            organization_id=congress.organization_id,
            org_path=congress.org_path,
            **values,
        )
    else:
        if expected_version != report.version:
            raise _stale()
        QuickReport.objects.filter(pk=report.pk).update(version=F("version") + 1, **values)
        report.refresh_from_db()
    record_audit(
        actor=actor,
        action="reports.quick_report_sent" if send else "reports.quick_report_saved",
        target=report,
        data={"issues": issues, "sent": send},
        organization_path=report.org_path,
    )
    return report
