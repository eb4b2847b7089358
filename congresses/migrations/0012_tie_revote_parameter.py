"""R-EL-23 (issue 15, item 4): whether the re-vote among candidates tied for the last seats
still asks more than half of D is unresolved (docs/domain-rules.md H.1). It was only the
setting ELECTION_TIE_REVOTE_MAJORITY; the pack's R-EL-23 now carries it per term as the
parameter `tie_revote_majority`, read by personnel.services.rounds.tie_revote_majority (the
setting is the fallback for a pack without it). Each term's value is the setting's value on
the database migrated, so that nothing counts differently after the upgrade; an administrator
changes it per term in the admin. The rule, seeded "inferred" by 0007, becomes "unresolved":
a person decides. A value already entered is kept; a status changed by hand too.
"""

from django.conf import settings
from django.db import migrations

NOTE = (
    " Lần bầu lại giữa những người bằng phiếu có cần quá một nửa D không: chưa xác định (câu "
    "hỏi mở 1); tham số “tie_revote_majority” của nhiệm kỳ, lúc chuyển đổi lấy theo cài đặt "
    "ELECTION_TIE_REVOTE_MAJORITY."
)


def forward(apps, schema_editor):
    TermRule = apps.get_model("congresses", "TermRule")
    value = bool(getattr(settings, "ELECTION_TIE_REVOTE_MAJORITY", True))
    for rule in TermRule.objects.filter(rule_id="R-EL-23"):
        parameters = dict(rule.parameters) if isinstance(rule.parameters, dict) else {}
        if "tie_revote_majority" in parameters:
            continue
        parameters["tie_revote_majority"] = value
        rule.parameters = parameters
        if rule.status == "inferred":
            rule.status = "unresolved"
        rule.note = (rule.note or "") + NOTE
        rule.save(update_fields=["parameters", "status", "note"])


def backward(apps, schema_editor):
    TermRule = apps.get_model("congresses", "TermRule")
    for rule in TermRule.objects.filter(rule_id="R-EL-23"):
        if NOTE not in (rule.note or ""):
            continue  # not this migration's
        if isinstance(rule.parameters, dict):
            rule.parameters = {
                key: value
                for key, value in rule.parameters.items()
                if key != "tie_revote_majority"
            }
        if rule.status == "unresolved":
            rule.status = "inferred"
        rule.note = rule.note.replace(NOTE, "")
        rule.save(update_fields=["parameters", "status", "note"])


class Migration(migrations.Migration):
    dependencies = [("congresses", "0011_kind_age_reference_dates")]

    operations = [migrations.RunPython(forward, backward)]
