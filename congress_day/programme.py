"""The programme's template (R-EL-35): the default agenda of a congress of each kind, which the
staff then edit (times, speakers, documents, order). A delegate congress elects a credentials
committee and hears its report; an all-member congress hears instead a report on the members
attending (R-EL-34)."""

from congress_day.choices import AgendaKind, Session
from congresses.choices import CongressKind

PREPARATORY = [
    AgendaKind.ELECT_PRESIDIUM,
    AgendaKind.ELECT_SECRETARIAT,
    AgendaKind.ELECT_CREDENTIALS,
    AgendaKind.ADOPT_PROGRAMME,
    AgendaKind.ADOPT_WORKING_RULES,
    AgendaKind.ADOPT_ELECTION_RULES,
]
OFFICIAL = [
    AgendaKind.FLAG_SALUTE,
    AgendaKind.OPENING,
    AgendaKind.CREDENTIALS_REPORT,
    AgendaKind.POLITICAL_REPORT,
    AgendaKind.REVIEW_REPORT,
    AgendaKind.DISCUSSION,
    AgendaKind.HIGHER_SPEECH,
    AgendaKind.ELECTIONS,
    AgendaKind.RESOLUTION,
    AgendaKind.CLOSING,
]
# The document presented at an item, by the document's kind (documents.choices.DocumentKind).
DOCUMENT_OF = {
    AgendaKind.POLITICAL_REPORT: "political_report",
    AgendaKind.REVIEW_REPORT: "committee_review",
}


def default_agenda(kind):
    """[(session, agenda kind)] of the order of business of a congress of `kind`."""
    if kind == CongressKind.DELEGATE:
        preparatory, official = PREPARATORY, OFFICIAL
    else:
        preparatory = [item for item in PREPARATORY if item != AgendaKind.ELECT_CREDENTIALS]
        official = [
            AgendaKind.ATTENDANCE_REPORT if item == AgendaKind.CREDENTIALS_REPORT else item
            for item in OFFICIAL
        ]
    return [(Session.PREPARATORY, item) for item in preparatory] + [
        (Session.OFFICIAL, item) for item in official
    ]
