from django.db import models
from django.utils.translation import gettext_lazy as _


class Movement(models.TextChoices):
    """What a check-in event records: a delegate arriving in the hall or leaving it."""

    ARRIVE = "arrive", _("Arrived")
    LEAVE = "leave", _("Left")


class VoteSubject(models.TextChoices):
    """What a vote of the congress decides (R-EL-35: the preparatory session adopts the
    programme, the working rules and the election rules and elects the bodies; the official
    session the number of committee seats, the lists and the resolution)."""

    PROGRAMME = "programme", _("the programme")
    WORKING_RULES = "working_rules", _("the working rules")
    ELECTION_RULES = "election_rules", _("the election rules")
    SEATS = "seats", _("the number of committee seats")
    LISTS = "lists", _("the lists")
    BODY = "body", _("a body's members")
    RESOLUTION = "resolution", _("the resolution")
    OTHER = "other", _("other")


class PresentSource(models.TextChoices):
    """Where a vote's number present comes from."""

    CHECK_IN = "check_in", _("from the check-in")
    TYPED = "typed", _("typed in")
