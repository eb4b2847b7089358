"""Every change to classifications, commendations and campaigns goes through here (the
summaries and warnings are in recognition.selectors).

Rules (docs/domain-rules.md): R-CL-01..08 (levels, points, periods, steps, the exemplary title) and
R-AW-01..06 (the authority table, campaigns). ratings.py: rating grids; commendations.py:
proposals and approvals; campaigns.py: campaigns and their works.
"""

from recognition.services.campaigns import create_campaign, register_work, update_work
from recognition.services.commendations import (
    approve_commendations,
    check_authority,
    propose_commendation,
)
from recognition.services.ratings import save_ratings

__all__ = [
    "approve_commendations",
    "check_authority",
    "create_campaign",
    "propose_commendation",
    "register_work",
    "save_ratings",
    "update_work",
]
