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
