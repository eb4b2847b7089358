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


class Session(models.TextChoices):
    """The two sessions of a congress (R-EL-35)."""

    # Translators: phiên trù bị
    PREPARATORY = "preparatory", _("preparatory session")
    # Translators: phiên chính thức
    OFFICIAL = "official", _("official session")


class AgendaKind(models.TextChoices):
    """The items of the order of business (R-EL-35), in that order, and items added by hand."""

    ELECT_PRESIDIUM = "elect_presidium", _("election of the presidium")
    ELECT_SECRETARIAT = "elect_secretariat", _("election of the secretariat")
    ELECT_CREDENTIALS = "elect_credentials", _("election of the credentials committee")
    ADOPT_PROGRAMME = "adopt_programme", _("adoption of the programme")
    ADOPT_WORKING_RULES = "adopt_working_rules", _("adoption of the working rules")
    ADOPT_ELECTION_RULES = "adopt_election_rules", _("adoption of the election rules")
    FLAG_SALUTE = "flag_salute", _("flag salute")
    OPENING = "opening", _("opening speech")
    CREDENTIALS_REPORT = "credentials_report", _("credentials report")
    ATTENDANCE_REPORT = "attendance_report", _("report on the members attending")
    POLITICAL_REPORT = "political_report", _("political report")
    REVIEW_REPORT = "review_report", _("committee review report")
    DISCUSSION = "discussion", _("discussion")
    HIGHER_SPEECH = "higher_speech", _("speech of the higher level")
    ELECTIONS = "elections", _("elections")
    RESOLUTION = "resolution", _("adoption of the resolution")
    CLOSING = "closing", _("closing")
    OTHER = "other", _("other item")


class Body(models.TextChoices):
    """The bodies the preparatory session elects (R-EL-35; R-EL-34 for the credentials
    committee, of a delegate congress). The counting committee is personnel's (R-EL-05)."""

    # Translators: đoàn chủ tịch
    PRESIDIUM = "presidium", _("presidium")
    # Translators: đoàn thư ký
    SECRETARIAT = "secretariat", _("secretariat")
    # Translators: ban thẩm tra tư cách đại biểu
    CREDENTIALS = "credentials", _("credentials committee")
