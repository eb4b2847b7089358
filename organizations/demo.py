"""The demo organization tree, built from the five news reports in shared/seeds.

Figures from the reports are kept exactly (Tây Hồ: 26 grassroots organizations — 17 đảng bộ
cơ sở, 9 chi bộ cơ sở — and 222 cells; Quận 10: 41 grassroots organizations, 15 wards).
Where a report gives no figure, the structure is synthetic and marked so in the names'
source comment below; real ward names are used where they are public knowledge.
"""

import datetime
import random

from django.db import transaction

from organizations import services, synthetic
from organizations.models import Member, Organization, OrganizationKind

TAY_HO_WARDS = [
    "Bưởi",
    "Nhật Tân",
    "Phú Thượng",
    "Quảng An",
    "Thụy Khuê",
    "Tứ Liên",
    "Xuân La",
    "Yên Phụ",
]
# Synthetic: the report names only "Đảng bộ phường Xuân La" and "Chi bộ Kho bạc Nhà nước quận".
TAY_HO_OTHER_COMMITTEES = [
    "Đảng bộ Cơ quan Quận",
    "Đảng bộ Công an quận",
    "Đảng bộ Quân sự quận",
    "Đảng bộ Khối Giáo dục",
    "Đảng bộ Bệnh viện Đa khoa Tây Hồ",
    "Đảng bộ Ban Quản lý dự án",
    "Đảng bộ Công ty Môi trường Tây Hồ",
    "Đảng bộ Khối Doanh nghiệp",
    "Đảng bộ Trung tâm Y tế quận",
]
TAY_HO_GRASSROOTS_CELLS = [
    "Chi bộ Kho bạc Nhà nước quận",
    "Chi bộ Chi cục Thuế quận",
    "Chi bộ Viện Kiểm sát nhân dân quận",
    "Chi bộ Tòa án nhân dân quận",
    "Chi bộ Chi cục Thi hành án dân sự quận",
    "Chi bộ Bảo hiểm xã hội quận",
    "Chi bộ Trường THPT Tây Hồ",
    "Chi bộ Chi cục Thống kê quận",
    "Chi bộ Ngân hàng Chính sách xã hội quận",
]
LONG_BIEN_WARDS = [
    "Bồ Đề",
    "Cự Khối",
    "Đức Giang",
    "Gia Thụy",
    "Giang Biên",
    "Long Biên",
    "Ngọc Lâm",
    "Ngọc Thụy",
    "Phúc Đồng",
    "Phúc Lợi",
    "Sài Đồng",
    "Thạch Bàn",
    "Thượng Thanh",
    "Việt Hưng",
]
QUAN_9_WARDS = [
    "Hiệp Phú",
    "Long Bình",
    "Long Phước",
    "Long Thạnh Mỹ",
    "Long Trường",
    "Phú Hữu",
    "Phước Bình",
    "Phước Long A",
    "Phước Long B",
    "Tân Phú",
    "Tăng Nhơn Phú A",
    "Tăng Nhơn Phú B",
    "Trường Thạnh",
]
THOT_NOT_WARDS = [
    "Thốt Nốt",
    "Thới Thuận",
    "Thuận An",
    "Thuận Hưng",
    "Trung Kiên",
    "Trung Nhứt",
    "Tân Lộc",
    "Tân Hưng",
    "Thạnh Hòa",
]


# The demo tree is the 2020 tree: its kinds are checked on a day of 2020 (the district level
# ended on 30/6/2025, R-OR-05).
TREE_AS_OF = datetime.date(2020, 1, 1)


class TreeBuilder:
    """Idempotent: an organization whose code exists is reused, not created again."""

    def __init__(self):
        self.kinds = {kind.code: kind for kind in OrganizationKind.objects.all()}
        self.existing = {org.code: org for org in Organization.objects.select_related("kind")}

    def add(self, code, name, kind, parent=None):
        organization = self.existing.get(code)
        if organization is None:
            organization = services.create_organization(
                code=code, name=name, kind=self.kinds[kind], parent=parent, as_of=TREE_AS_OF
            )
            self.existing[code] = organization
        return organization

    def cells(self, parent, count, label):
        for number in range(1, count + 1):
            name = " ".join(part for part in ("Chi bộ", label, str(number)) if part)
            self.add(f"{parent.code}-CB{number:03d}", name, "chi-bo-truc-thuoc", parent)

    def grassroots(self, parent, names, *, letter, cells=0, label="", kind="dang-bo-co-so"):
        """Organizations `{parent code}-{letter}01…` under `parent`, each with `cells` cells
        (a number, or a function of the organization's number)."""
        for number, name in enumerate(names, start=1):
            organization = self.add(f"{parent.code}-{letter}{number:02d}", name, kind, parent)
            self.cells(organization, cells(number) if callable(cells) else cells, label)


@transaction.atomic
def build_demo_tree():
    """Create the demo tree; returns the organizations by code."""
    tree = TreeBuilder()

    hanoi = tree.add("HN", "Đảng bộ thành phố Hà Nội", "dang-bo-tinh")
    tay_ho = tree.add("HN-TH", "Đảng bộ quận Tây Hồ", "dang-bo-huyen", hanoi)
    # 26 grassroots organizations and 222 cells: 8 wards x 22 cells, then 9 other committees
    # with 5 cells each (the last with 6), then 9 grassroots cells.
    wards = [f"Đảng bộ phường {ward}" for ward in TAY_HO_WARDS]
    tree.grassroots(tay_ho, wards, letter="P", cells=22, label="tổ dân phố")
    others = TAY_HO_OTHER_COMMITTEES
    tree.grassroots(tay_ho, others, letter="D", cells=lambda n: 6 if n == len(others) else 5)
    tree.grassroots(tay_ho, TAY_HO_GRASSROOTS_CELLS, letter="C", kind="chi-bo-co-so")

    long_bien = tree.add("HN-LB", "Đảng bộ quận Long Biên", "dang-bo-huyen", hanoi)
    wards = [f"Đảng bộ phường {ward}" for ward in LONG_BIEN_WARDS]
    tree.grassroots(long_bien, wards, letter="P", cells=3, label="tổ dân phố")

    hcmc = tree.add("HCM", "Đảng bộ Thành phố Hồ Chí Minh", "dang-bo-tinh")
    if not hcmc.committee_name:
        # The official name keeps "Thành phố" (the derivation would give "Thành ủy Hồ Chí Minh").
        hcmc = services.update_organization(
            organization=hcmc,
            actor=None,
            expected_version=hcmc.version,
            committee_name="Thành ủy Thành phố Hồ Chí Minh",
        )
    quan_9 = tree.add("HCM-Q9", "Đảng bộ Quận 9", "dang-bo-huyen", hcmc)
    wards = [f"Đảng bộ phường {ward}" for ward in QUAN_9_WARDS]
    tree.grassroots(quan_9, wards, letter="P", cells=3, label="khu phố")
    quan_10 = tree.add("HCM-Q10", "Đảng bộ Quận 10", "dang-bo-huyen", hcmc)
    # 41 grassroots organizations: the 15 ward committees, 11 other committees, 15 cells.
    wards = [f"Đảng bộ Phường {number}" for number in range(1, 16)]
    tree.grassroots(quan_10, wards, letter="P", cells=3, label="khu phố")
    others = [f"Đảng bộ cơ quan {number} Quận 10" for number in range(1, 12)]
    tree.grassroots(quan_10, others, letter="D", cells=3)
    cells = ["Chi bộ Tòa án nhân dân quận 10"]
    cells += [f"Chi bộ cơ sở {number} Quận 10" for number in range(2, 16)]
    tree.grassroots(quan_10, cells, letter="C", kind="chi-bo-co-so")

    can_tho = tree.add("CT", "Đảng bộ thành phố Cần Thơ", "dang-bo-tinh")
    thot_not = tree.add("CT-TN", "Đảng bộ quận Thốt Nốt", "dang-bo-huyen", can_tho)
    wards = [f"Đảng bộ phường {ward}" for ward in THOT_NOT_WARDS]
    tree.grassroots(thot_not, wards, letter="P", cells=3, label="khu vực")
    bloc_name = "Đảng bộ Khối Cơ quan Dân Chính Đảng thành phố Cần Thơ"
    bloc = tree.add("CT-KDCD", bloc_name, "dang-uy-khoi", can_tho)
    others = [f"Đảng bộ cơ quan {number} Khối Dân Chính Đảng" for number in range(1, 6)]
    tree.grassroots(bloc, others, letter="D", cells=3)
    return tree.existing


@transaction.atomic
def build_demo_members(organizations, *, seed=2020):
    """Synthetic members for every cell of the demo tree that has none yet (idempotent).

    Cells get 12-25 members, grassroots cells 8-28 (a grassroots cell has fewer than 30).
    Returns the number of members created. The same seed gives the same people.
    """
    rng = random.Random(seed)
    generate = synthetic.MemberGenerator(rng, reference_day=datetime.date(2025, 6, 30))
    cells = sorted(
        (org for org in organizations.values() if org.kind.holds_members), key=lambda o: o.path
    )
    populated = set(
        Member.objects.filter(organization__in=cells).values_list("organization_id", flat=True)
    )
    members = []
    for cell in cells:
        low, high = (8, 28) if cell.kind.code == "chi-bo-co-so" else (12, 25)
        count = rng.randint(low, high)  # drawn for every cell, so reruns stay deterministic
        if cell.pk in populated:
            continue
        members += [
            generate(code=f"{cell.code}-DV{number:03d}", cell_id=cell.pk, cell_path=cell.path)
            for number in range(1, count + 1)
        ]
    Member.objects.bulk_create(members, batch_size=2000)
    return len(members)


# The 2025 reform (R-OR-05, R-OR-06) on one demo branch: two neighbouring wards of Long Biên
# merged into a new ward committee directly under the city. Synthetic: the grouping and the
# new committee's code are illustrative, not the real arrangement of 1/7/2025.
REFORM_DAY = datetime.date(2025, 7, 1)
MERGED_WARDS = ("HN-LB-P01", "HN-LB-P07")  # Bồ Đề, Ngọc Lâm
NEW_WARD_CODE = "HN-PBD"
NEW_WARD_NAME = "Đảng bộ phường Bồ Đề"


@transaction.atomic
def build_demo_reform():
    """The new ward committee of 1/7/2025 with the two wards merged into it (their cells and
    members move; the wards stay as history, valid until 30/6/2025). Idempotent: returns the
    new ward, created once. Runs after the 2020 demo, which it leaves as it was."""
    existing = Organization.objects.filter(code=NEW_WARD_CODE).first()
    if existing is not None:
        return existing
    city = Organization.objects.get(code="HN")
    kind = OrganizationKind.objects.get(code="dang-bo-phuong")
    ward = services.create_organization(
        code=NEW_WARD_CODE, name=NEW_WARD_NAME, kind=kind, parent=city, valid_from=REFORM_DAY
    )
    old = list(Organization.objects.filter(code__in=MERGED_WARDS).order_by("path"))
    # The merger dates the wards' end: gone from REFORM_DAY (`valid_to`, the day an
    # organization is dissolved or merged away; OrganizationQuerySet.on).
    return services.merge_organizations(
        predecessors=old, successor=ward, merged_on=REFORM_DAY, actor=None
    )
