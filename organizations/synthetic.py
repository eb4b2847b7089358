"""Synthetic but realistic party members, for the demo data and the scale benchmark.

Names follow the frequency of Vietnamese family names; ages, admission and official dates
are consistent with the rules the services check (admitted at 18-40, official a year later,
about 5 % still probationary). Deterministic for a given random generator and reference day.
"""

import datetime
import random

from core.text import search_key
from organizations.choices import Education, Gender, PoliticalTheory, Qualification
from organizations.models import Member

FAMILY_NAMES = (
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9.5),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 5),
    ("Phan", 4.5),
    ("Vũ", 4),
    ("Võ", 4),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 1.5),
    ("Hồ", 1.5),
    ("Ngô", 1.5),
    ("Dương", 1),
    ("Lý", 0.5),
)
MIDDLE_NAMES = {
    Gender.MALE: ("Văn", "Hữu", "Đức", "Minh", "Thanh", "Ngọc"),
    Gender.FEMALE: ("Thị", "Thị", "Thị", "Ngọc", "Thanh", "Minh"),
}
GIVEN_NAMES = {
    Gender.MALE: (
        "An", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Hải", "Hiếu", "Hòa", "Hùng", "Huy",
        "Khang", "Khánh", "Khoa", "Lâm", "Long", "Lộc", "Mạnh", "Minh", "Nam", "Nghĩa", "Phong",
        "Phúc", "Quang", "Quân", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thịnh", "Toàn", "Trung",
        "Tuấn", "Tùng", "Việt", "Vinh", "Vũ",
    ),
    Gender.FEMALE: (
        "An", "Anh", "Bích", "Chi", "Diệp", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền",
        "Hoa", "Hòa", "Huyền", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga",
        "Ngân", "Nhung", "Oanh", "Phương", "Quyên", "Tâm", "Thảo", "Thu", "Thủy", "Trang",
        "Tuyết", "Uyên", "Vân", "Xuân", "Yến",
    ),
}  # fmt: skip
ETHNICITIES = (
    ("Kinh", 86),
    ("Tày", 3),
    ("Thái", 2.5),
    ("Mường", 2.5),
    ("Khmer", 2),
    ("Hoa", 2),
    ("Nùng", 2),
)
# The three levels of the credentials report (R-EL-34): synthetic weights, not from the seeds.
LEVELS = {
    "education": (
        (Education.UPPER_SECONDARY, 92),
        (Education.LOWER_SECONDARY, 7),
        (Education.PRIMARY, 1),
    ),
    "qualification": (
        (Qualification.DOCTORATE, 1),
        (Qualification.MASTER, 8),
        (Qualification.UNIVERSITY, 45),
        (Qualification.COLLEGE, 8),
        (Qualification.VOCATIONAL, 15),
        (Qualification.NONE, 23),
    ),
    "political_theory": (
        (PoliticalTheory.ADVANCED, 5),
        (PoliticalTheory.INTERMEDIATE, 20),
        (PoliticalTheory.ELEMENTARY, 40),
        (PoliticalTheory.NONE, 35),
    ),
}
FEMALE_SHARE = 0.45
PROBATIONARY_SHARE = 0.05
BIRTH_FIRST = datetime.date(1940, 1, 1)
BIRTH_LAST = datetime.date(2005, 12, 31)


class MemberGenerator:
    """Call with a code and a cell to get an unsaved Member (path copy and name key set)."""

    def __init__(self, rng, *, reference_day):
        self.rng = rng
        self.reference_day = reference_day
        self.family_names, self.family_weights = zip(*FAMILY_NAMES, strict=True)
        self.ethnicities, self.ethnicity_weights = zip(*ETHNICITIES, strict=True)
        self.name_keys = {}
        self.birth_span = (BIRTH_LAST - BIRTH_FIRST).days
        self.latest_official_admission = reference_day - datetime.timedelta(days=400)
        # The levels draw from a generator of their own, so that adding them left every other
        # value of the demo (names, dates: the figures the tests read) as it was.
        self.level_rng = random.Random(f"levels {reference_day.isoformat()}")
        self.levels = {
            field_name: tuple(zip(*weights, strict=True)) for field_name, weights in LEVELS.items()
        }

    def __call__(self, *, code, cell_id, cell_path):
        rng = self.rng
        gender = Gender.FEMALE if rng.random() < FEMALE_SHARE else Gender.MALE
        full_name = " ".join(
            (
                rng.choices(self.family_names, self.family_weights)[0],
                rng.choice(MIDDLE_NAMES[gender]),
                rng.choice(GIVEN_NAMES[gender]),
            )
        )
        name_key = self.name_keys.get(full_name)
        if name_key is None:
            name_key = self.name_keys[full_name] = search_key(full_name)
        admission_age_days = rng.randint(18 * 365 + 5, 40 * 365)
        if rng.random() < PROBATIONARY_SHARE:
            # Probationary: admitted within the last year, not yet made official.
            admitted_on = self.reference_day - datetime.timedelta(days=rng.randint(1, 360))
            birth_date = admitted_on - datetime.timedelta(days=admission_age_days)
            birth_date = min(max(birth_date, BIRTH_FIRST), BIRTH_LAST)
            official_on = None
        else:
            birth_date = BIRTH_FIRST + datetime.timedelta(days=rng.randint(0, self.birth_span))
            admitted_on = min(
                birth_date + datetime.timedelta(days=admission_age_days),
                self.latest_official_admission,
            )
            official_on = admitted_on + datetime.timedelta(days=365)
        return Member(
            code=code,
            full_name=full_name,
            name_key=name_key,
            gender=gender,
            birth_date=birth_date,
            ethnicity=rng.choices(self.ethnicities, self.ethnicity_weights)[0],
            admitted_on=admitted_on,
            official_on=official_on,
            organization_id=cell_id,
            org_path=cell_path,
            **self._levels(),
        )

    def _levels(self):
        return {
            field_name: self.level_rng.choices(values, weights)[0]
            for field_name, (values, weights) in self.levels.items()
        }
