"""The staff's text of the congress summary (báo cáo tổng kết, kind `congress-summary`): five
parts written per organization and term, with placeholders for the figures they cite.

A placeholder is a name in braces, e.g. "{held} of {planned} congresses held": FIGURES is the
whole set, each read from the figures the summary's tables print (reports.kinds
.congress_summary.narrative_figures), so the text and the tables never disagree. A name
outside FIGURES is refused when the text is saved. Saving is a compare-and-set on the row's
version with an audit row holding the text before and after (core.editing.versioned_update).
"""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import record_audit
from core.editing import StaleEditError, versioned_update
from core.text import normalize_text
from reports.models import SummaryNarrative

# The parts in the order the summary prints them, each with its heading in the PDF.
PARTS = {
    "assessment": gettext_lazy("General assessment"),
    "strengths": gettext_lazy("Strengths"),
    "shortcomings": gettext_lazy("Shortcomings and their causes"),
    "lessons": gettext_lazy("Lessons learned"),
    "proposals": gettext_lazy("Recommendations and proposals"),
}
# The placeholders a text may cite, with what each stands for (shown on the edit page).
FIGURES = {
    "planned": gettext_lazy("congresses planned"),
    "held": gettext_lazy("congresses held"),
    "held_share": gettext_lazy("share of the planned congresses held, in percent"),
    "overdue": gettext_lazy("congresses overdue"),
    "pilots": gettext_lazy("pilot congresses"),
    "elected": gettext_lazy("committee members elected"),
    "reelected_share": gettext_lazy("share of those elected who were re-elected, in percent"),
    "women_share": gettext_lazy("share of women among those elected, in percent"),
    "young_share": gettext_lazy("share of the young among those elected, in percent"),
}
PLACEHOLDER = re.compile(r"\{([^{}\n]*)\}")
ACTION = "reports.summary_text_saved"


def _stale():
    return StaleEditError(
        _("Someone else changed this text meanwhile. Reload it and check before saving.")
    )


def clean_text(text):
    """Each line normalised, blank lines dropped: the lines are the part's paragraphs."""
    lines = (normalize_text(line) for line in (text or "").splitlines())
    return "\n".join(line for line in lines if line)


def unknown_placeholders(text):
    """The names in braces in `text` that are not figures of FIGURES, in order, once each."""
    names = (name for name in PLACEHOLDER.findall(text or "") if name not in FIGURES)
    return list(dict.fromkeys(names))


def check_placeholders(texts):
    """ValidationError naming each part that cites a figure outside FIGURES."""
    errors = {}
    for name, text in texts.items():
        unknown = unknown_placeholders(text)
        if unknown:
            errors[name] = _("%(part)s: unknown figure %(names)s. The figures are: %(known)s.") % {
                "part": PARTS[name],
                "names": ", ".join(f"{{{item}}}" for item in unknown),
                "known": ", ".join(f"{{{item}}}" for item in FIGURES),
            }
    if errors:
        raise ValidationError(errors)


def fill(text, figures):
    """`text` with each known placeholder replaced by its figure; anything else left as is."""

    def figure(match):
        name = match.group(1)
        return str(figures[name]) if name in figures else match.group(0)

    return PLACEHOLDER.sub(figure, text)


def _create(*, organization, term, actor, texts):
    """The first save of an organization's text for a term (a concurrent first save: stale)."""
    try:
        with transaction.atomic():
            narrative = SummaryNarrative.objects.create(
                organization=organization, org_path=organization.path, term=term, **texts
            )
    except IntegrityError:
        raise _stale() from None
    record_audit(
        actor=actor,
        action=ACTION,
        target=narrative,
        data={"before": {}, "after": texts},
        organization_path=narrative.org_path,
    )
    return narrative


@transaction.atomic
def save_narrative(*, organization, term, actor, texts, expected_version):
    """Save the five parts (`texts`: {part: text}) of `organization`'s summary for `term`:
    created on the first save (expected version 0), then a compare-and-set on its version.
    Refused, nothing written: an unknown placeholder (ValidationError naming the part), a
    stale form (StaleEditError). Audited with the text before and after."""
    texts = {name: clean_text(texts.get(name, "")) for name in PARTS}
    check_placeholders(texts)
    narrative = SummaryNarrative.objects.filter(organization=organization, term=term).first()
    if narrative is None:
        if expected_version not in (None, 0):
            raise _stale()
        return _create(organization=organization, term=term, actor=actor, texts=texts)
    return versioned_update(
        instance=narrative,
        changes=texts,
        expected_version=expected_version,
        actor=actor,
        action=ACTION,
        stale_message=_stale().messages[0],
        organization_path=narrative.org_path,
    )
