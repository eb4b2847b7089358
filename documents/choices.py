from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """The documents a congress discusses and adopts."""

    # Translators: báo cáo chính trị
    POLITICAL_REPORT = "political_report", _("Political report")
    # Translators: báo cáo kiểm điểm của cấp ủy
    COMMITTEE_REVIEW = "committee_review", _("Committee review report")
    # Translators: chương trình hành động
    ACTION_PROGRAM = "action_program", _("Action program")
    # Translators: nghị quyết đại hội
    RESOLUTION = "resolution", _("Congress resolution")
    OTHER = "other", _("Other document")


class TaskKind(models.TextChoices):
    """Follow-up work after a congress."""

    # Translators: quy chế làm việc
    WORKING_REGULATION = "working_regulation", _("Working regulation")
    # Translators: chương trình toàn khóa
    FULL_TERM_PROGRAM = "full_term_program", _("Full-term program")
    # Translators: chương trình kiểm tra, giám sát
    INSPECTION_PROGRAM = "inspection_program", _("Inspection program")
    # Translators: phân công ủy viên ban thường vụ phụ trách cơ sở
    ASSIGNMENT = "assignment", _("Standing committee assignment")
    # Translators: a task the congress resolution sets (nhiệm vụ trong nghị quyết)
    RESOLUTION_TASK = "resolution_task", _("Task of the resolution")
    OTHER = "other", _("Other task")


class TaskStatus(models.TextChoices):
    TODO = "todo", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    # Translators: a follow-up task that is finished
    DONE = "done", _("Completed")
