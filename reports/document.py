"""The parts of a party document around its body (HD 36-HD/VPTW, R-RP-10): the letterhead as
laid out, the signature block and the recipients ("Nơi nhận:").

A kind's context may give its own `signature` (the working group's report is signed by the
group's head) or `recipients`; the request may name the signer (`signer`) and the recipients
(`recipients`, one a line). Otherwise the standing committee signs through its secretary, by
the name elected at the organization's last congress, and the document goes to the committee
above, that committee's organization department and the file.
"""

from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from congress_day import selectors as congress_day
from congress_day.choices import Body
from organizations import selectors as organizations
from personnel import selectors as personnel
from personnel.choices import BallotKind
from reports.letterhead import (
    committee_of,
    fit_line,
    issuing_layout,
    place_date_size,
    unbroken_place,
)

# The signer's column: half the text width of an A4 page with the party layout's margins.
SIGNER_WIDTH_PT = 0.50 * (210 - 45) / 25.4 * 72

# A name left to be written by hand when none is known.
NAME_BLANK = "……………………………"


@dataclass
class Signature:
    # "T/M BAN THƯỜNG VỤ": on whose behalf; "BÍ THƯ": the signer's position; then the name.
    authority: str
    position: str
    name: str = ""
    lines: list = field(default_factory=list)

    def __post_init__(self):
        self.name = self.name or NAME_BLANK

    @property
    def authority_lines(self):
        """The authority line ("T/M BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU") as unbreakable pieces with
        their font size, measured to the signer's column as the letterhead's lines are: the
        name of a body never wraps inside it."""
        return fit_line(self.authority, bold=True, width=SIGNER_WIDTH_PT)

    @property
    def position_lines(self):
        """The position line ("BÍ THƯ", "TRƯỞNG BAN") laid out the same way."""
        return fit_line(self.position, bold=True, width=SIGNER_WIDTH_PT) if self.position else []


def standing_committee_signature(organization, *, as_of, signer=""):
    """T/M BAN THƯỜNG VỤ, the secretary (or the deputy, REPORT_SIGNER_POSITION) and the name:
    `signer`, else the person elected to the post at the organization's last congress."""
    post = BallotKind(settings.REPORT_SIGNER_POSITION)
    position = _("SECRETARY") if post == BallotKind.SECRETARY else _("DEPUTY SECRETARY")
    name = signer or personnel.elected_to_post(organization, post, as_of=as_of)
    return Signature(_("ON BEHALF OF THE STANDING COMMITTEE"), position, name)


def congress_signature(congress, *, as_of):
    """The signature of a document issued in the congress's name (the programme, the quick
    report): T/M ĐOÀN CHỦ TỊCH and the presidium's first member, when the congress day records
    the presidium (else a blank for a hand signature); or, with REPORT_CONGRESS_SIGNER
    "standing_committee", the standing committee's (R-RP-10)."""
    if settings.REPORT_CONGRESS_SIGNER == "standing_committee":
        return standing_committee_signature(congress.organization, as_of=as_of)
    chair = congress_day.body_head(congress, Body.PRESIDIUM)
    return Signature(_("ON BEHALF OF THE PRESIDIUM"), "", chair.full_name if chair else "")


def default_recipients(organization, *, keep_places=False):
    """The committee above (to report), its organization department, the file copy; with
    `keep_places`, each committee's place never broken across lines (the PDF's)."""
    lines = []
    keep = unbroken_place if keep_places else str
    parent = organizations.parent_of(organization)
    if parent is not None:
        above = keep(committee_of(parent)[0])
        lines.append(
            _("The standing committee of the %(committee)s (to report),") % {"committee": above}
        )
        lines.append(_("The organization department of the %(committee)s,") % {"committee": above})
    lines.append(
        _("Filed at the office of the %(committee)s.")
        % {"committee": keep(committee_of(organization)[0])}
    )
    return lines


def request_defaults(organization, *, as_of):
    """What the request form's signer and recipients stand for when left empty: the name of
    the elected secretary (or deputy) and the default recipients, one a line."""
    post = BallotKind(settings.REPORT_SIGNER_POSITION)
    return {
        "signer": personnel.elected_to_post(organization, post, as_of=as_of),
        "recipients": "\n".join(default_recipients(organization)),
    }


def _requested_recipients(job):
    text = job.parameters.get("recipients") or ""
    lines = text if isinstance(text, list) else str(text).splitlines()
    return [line.strip().lstrip("-").strip() for line in lines if line.strip()]


def finish(context, job):
    """Add the letterhead's layout, the signature and the recipients to a kind's context."""
    organization = job.organization
    signature = context.get("signature") or standing_committee_signature(
        organization, as_of=context["report_date"], signer=job.parameters.get("signer", "")
    )
    if job.parameters.get("signer"):
        signature.name = job.parameters["signer"]
    return {
        **context,
        "issuer_layout": issuing_layout(context["issuing_lines"]),
        "place_date_size": place_date_size(context.get("report_date_text", "")),
        "signature": {
            **asdict(signature),
            "authority_lines": signature.authority_lines,
            "position_lines": signature.position_lines,
        },
        "recipients": _requested_recipients(job)
        or context.get("recipients")
        or default_recipients(organization, keep_places=True),
        "page_number_position": settings.REPORT_PAGE_NUMBER_POSITION,
        "header_rule_width": settings.REPORT_HEADER_RULE_WIDTH_PERCENT,
    }
