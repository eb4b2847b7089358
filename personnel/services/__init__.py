"""Every change to a congress's personnel goes through here (the reads are in
personnel.selectors).

Rules (docs/domain-rules.md, sections A and G): the counting committee R-EL-05, slate sizes
R-EL-07..10, nominations from outside the list R-EL-11..13, the base D of a round R-EL-20/21,
counting R-EL-19..23 (personnel.elections.count_round), cells and grassroots committees
R-EL-25/26, probationary members R-EL-28.

plans.py: committee plans and ballots; candidates.py: lists, the counting committee,
complaints; appointments.py: bodies appointed instead of elected (R-WV-13);
nominations.py: nominations from outside the list, key posts; rounds.py: rounds.
"""

from personnel.services.appointments import (
    check_appointable,
    check_delegates_elected,
    record_appointment,
)
from personnel.services.candidates import (
    NOMINATION_FIELDS,
    PERSON_FIELDS,
    add_candidate,
    add_counting_member,
    record_complaint,
    remove_candidate,
    update_candidate,
)
from personnel.services.nominations import check_nomination, nominate_key_post
from personnel.services.plans import add_ballot, body_rule_errors, save_committee_plan
from personnel.services.rounds import (
    EXCLUSIONS,
    check_slate,
    compute_base,
    record_round,
    set_minutes_number,
)

__all__ = [
    "EXCLUSIONS",
    "NOMINATION_FIELDS",
    "PERSON_FIELDS",
    "add_ballot",
    "add_candidate",
    "add_counting_member",
    "body_rule_errors",
    "check_appointable",
    "check_delegates_elected",
    "check_nomination",
    "check_slate",
    "compute_base",
    "nominate_key_post",
    "record_appointment",
    "record_complaint",
    "record_round",
    "remove_candidate",
    "save_committee_plan",
    "set_minutes_number",
    "update_candidate",
]
