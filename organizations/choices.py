from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a grant over an organization subtree allows."""

    # Translators: district committee staff (Ban Tổ chức / Văn phòng Quận ủy)
    STAFF = "staff", _("District staff")
    # Translators: member of a working group (tổ công tác)
    WORKING_GROUP = "working_group", _("Working-group member")
    # Translators: secretary of a grassroots organization (bí thư cơ sở)
    SECRETARY = "secretary", _("Grassroots secretary")
    # Translators: leaders (Bí thư, Phó Bí thư, Thường trực): read and download reports
    LEADER = "leader", _("Leader")
    ADMIN = "admin", _("Site administrator")


# Roles that may change data in their subtree; everyone with a grant may read it.
WRITE_ROLES = frozenset({Role.STAFF, Role.WORKING_GROUP, Role.SECRETARY, Role.ADMIN})
# Roles that may change the tree itself (create, import, move, merge organizations).
TREE_ROLES = frozenset({Role.STAFF, Role.ADMIN})


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class MembershipStatus(models.TextChoices):
    # Translators: đảng viên chính thức
    OFFICIAL = "official", _("Official")
    # Translators: đảng viên dự bị
    PROBATIONARY = "probationary", _("Probationary")


# The three levels the credentials report counts (R-EL-34). Optional on a member: a blank
# value means "not recorded", never "none".
class Education(models.TextChoices):
    """General education (học vấn phổ thông)."""

    # Translators: trung học phổ thông (12/12)
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary (12/12)")
    # Translators: trung học cơ sở
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary")
    # Translators: tiểu học
    PRIMARY = "primary", _("Primary")


class Qualification(models.TextChoices):
    """Professional qualification (trình độ chuyên môn), highest degree."""

    # Translators: tiến sĩ
    DOCTORATE = "doctorate", _("Doctorate")
    # Translators: thạc sĩ
    MASTER = "master", _("Master's degree")
    # Translators: đại học
    UNIVERSITY = "university", _("University degree")
    # Translators: cao đẳng
    COLLEGE = "college", _("College")
    # Translators: trung cấp
    VOCATIONAL = "vocational", _("Vocational secondary")
    # Translators: chưa qua đào tạo chuyên môn
    NONE = "none", _("No professional training")


class PoliticalTheory(models.TextChoices):
    """Political-theory level (trình độ lý luận chính trị)."""

    # Translators: cao cấp, cử nhân lý luận chính trị
    ADVANCED = "advanced", _("Advanced or bachelor")
    # Translators: trung cấp lý luận chính trị
    INTERMEDIATE = "intermediate", _("Intermediate")
    # Translators: sơ cấp lý luận chính trị
    ELEMENTARY = "elementary", _("Elementary")
    # Translators: chưa qua đào tạo lý luận chính trị
    NONE = "none", _("No political-theory training")


class ImportStatus(models.TextChoices):
    """Where an import job stands (its phase tells checking from importing)."""

    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    # Translators: the file was checked; the user is shown the changes and may import them
    READY = "ready", _("Checked, waiting for confirmation")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class ImportPhase(models.TextChoices):
    # Translators: an import job reading and checking the file (nothing is written)
    CHECK = "check", _("Checking the file")
    # Translators: an import job writing the checked file's changes
    APPLY = "apply", _("Importing")


class ExportStatus(models.TextChoices):
    """Where an export job stands."""

    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
