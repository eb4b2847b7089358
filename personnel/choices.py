from django.db import models
from django.utils.translation import gettext_lazy as _


class Nomination(models.TextChoices):
    # Rule R-EL-11: the convening committee's list is the official nomination list.
    PLAN = "plan", _("Convening committee's list")
    SELF = "self", _("Self-nominated")
    FLOOR = "floor", _("Nominated from the floor")


class BallotKind(models.TextChoices):
    COMMITTEE = "committee", _("Committee")
    STANDING_COMMITTEE = "standing_committee", _("Standing committee")
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    DELEGATES = "delegates", _("Delegates to the higher congress")
    # Translators: đại biểu dự khuyết đi dự đại hội cấp trên (R-EL-30)
    ALTERNATE_DELEGATES = "alternate_delegates", _("Alternate delegates to the higher congress")
    INSPECTION_COMMISSION = "inspection_commission", _("Inspection commission")
    INSPECTION_CHAIR = "inspection_chair", _("Inspection commission chair")


# Rule R-EL-07: these lists must be longer than the seats.
EXCESS_REQUIRED = frozenset({BallotKind.COMMITTEE, BallotKind.STANDING_COMMITTEE})


class ComplaintSource(models.TextChoices):
    NAMED = "named", _("Named")
    ANONYMOUS = "anonymous", _("Anonymous")
