"""The party-document letterhead derived from the tree: the issuing committee, its document
number suffix and the place name ("ĐẢNG BỘ THÀNH PHỐ HÀ NỘI / QUẬN ỦY TÂY HỒ", "Số …-BC/QU",
"Tây Hồ, ngày 20 tháng 02 năm 2020").

Committee names follow the organization's name: "Đảng bộ quận Tây Hồ" is led by the "Quận ủy
Tây Hồ", "Đảng bộ thành phố Hà Nội" by the "Thành ủy Hà Nội", "Đảng bộ phường Xuân La" by the
"Đảng ủy phường Xuân La"; a cell issues in its own name.
"""

import re

from organizations import selectors as organizations

# (prefix of the organization's name, committee's name prefix, document number suffix)
COMMITTEES = (
    ("Đảng bộ thành phố ", "Thành ủy ", "TU"),
    ("Đảng bộ tỉnh ", "Tỉnh ủy ", "TU"),
    ("Đảng bộ quận ", "Quận ủy ", "QU"),
    ("Đảng bộ huyện ", "Huyện ủy ", "HU"),
    ("Đảng bộ thị xã ", "Thị ủy ", "TU"),
)
# "Đảng bộ Quận 9": the district's number is part of its name.
NUMBERED_DISTRICT = re.compile(r"^Đảng bộ (Quận \d+)$", re.IGNORECASE)


# "phường Xuân La" → "Xuân La": the place of a document omits the kind of unit.
UNIT_WORDS = re.compile(r"^(phường|xã|thị trấn|quận|huyện|tỉnh|thành phố)\s+(?=\D)")


def _place(text):
    return UNIT_WORDS.sub("", text)


def committee_of(organization):
    """(committee name, document suffix, place) of `organization`."""
    name = organization.name
    match = NUMBERED_DISTRICT.match(name)
    if match:
        return f"Quận ủy {match.group(1)}", "QU", match.group(1)
    for prefix, committee, suffix in COMMITTEES:
        if name.lower().startswith(prefix.lower()):
            place = name[len(prefix) :]
            return committee + place, suffix, place
    if name.lower().startswith("đảng bộ "):
        rest = name[len("Đảng bộ ") :]
        return "Đảng ủy " + rest, "ĐU", _place(rest)
    if name.lower().startswith("chi bộ "):
        return name, "CB", name[len("Chi bộ ") :]
    return name, "", name


def letterhead(organization, *, kind_code="BC"):
    """The letterhead's lines, the document number pattern and the place of `organization`."""
    parent = organizations.parent_of(organization)
    committee, suffix, place = committee_of(organization)
    lines = [parent.name.upper()] if parent else []
    lines.append(committee.upper())
    return {
        "issuing_lines": lines,
        "document_number": f"     -{kind_code}/{suffix}" if suffix else "",
        "place": place,
    }
