"""The credentials report (R-EL-34): the make-up of whom a congress convenes on its day, on the
web page and in the PDF, from the same figures."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test.utils import override_settings
from django.urls import reverse

from congresses import services as congress_services
from congresses.models import Congress
from delegates import credentials, services
from organizations.models import Member
from tests.factories import MemberFactory, OrganizationFactory, UserFactory
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db
DAY = datetime.date(2020, 3, 19)


@pytest.fixture
def member_congress(tree, congress):
    """A new ward's member congress on 19/03/2020 with five members of known make-up: ages
    25, 35, 45 (left out: suspended), 58 and 65 on the day; one probationary member."""
    ward = OrganizationFactory(parent=tree["tay_ho"], code="HN-TH-P99", name="Đảng bộ phường Thử")
    cell = OrganizationFactory(parent=ward, code="HN-TH-P99-CB1")
    people = [
        ("Lò Thị Én", "female", datetime.date(1994, 6, 1), "Thái", "upper_secondary", "master"),
        ("Trần Văn Bình", "male", datetime.date(1984, 6, 1), "Kinh", "upper_secondary", ""),
        ("Ngô Văn Cường", "male", datetime.date(1974, 6, 1), "Kinh", "", "university"),
        ("Hà Thị Dung", "female", datetime.date(1961, 6, 1), "Tày", "lower_secondary", ""),
        ("Phạm Văn Giáp", "male", datetime.date(1954, 6, 1), "Kinh", "primary", "doctorate"),
    ]
    members = [
        MemberFactory(
            organization=cell,
            full_name=name,
            gender=gender,
            birth_date=birth,
            ethnicity=ethnicity,
            education=education,
            qualification=qualification,
            political_theory="advanced" if qualification else "",
            admitted_on=datetime.date(birth.year + 22, 1, 1),
            official_on=datetime.date(birth.year + 23, 1, 1),
        )
        for name, gender, birth, ethnicity, education, qualification in people
    ]
    members[0].official_on = None  # probationary: attends without a vote (R-EL-28)
    members[0].save(update_fields=["official_on"])
    congress_services.create_term_plan(term=congress.term, root=ward, actor=None)
    ward_congress = Congress.objects.get(organization=ward, term=congress.term)
    ward_congress.kind = "all_member"
    ward_congress.started_on = DAY
    ward_congress.save(update_fields=["kind", "started_on"])
    services.record_exclusion(
        congress=ward_congress, member=members[2], actor=None, reason="suspended"
    )
    return ward_congress


def lines(counts):
    return [(str(line.label), line.count, line.share_text) for line in counts]


def test_the_make_up_is_counted_from_the_roll_on_the_congress_day(member_congress):
    figures = credentials.credentials_figures(member_congress)

    assert (figures["day"], figures["convened"], figures["present"]) == (DAY, 4, None)
    assert lines(figures["gender"]) == [("Nam", 2, "50 %"), ("Nữ", 2, "50 %")]
    assert lines(figures["ages"]) == [
        ("≤ 30", 1, "25 %"),
        ("31–40", 1, "25 %"),
        ("41–50", 0, "0 %"),
        ("51–60", 1, "25 %"),
        ("> 60", 1, "25 %"),
    ]
    assert figures["youngest"] == {"name": "Lò Thị Én", "age": 25}
    assert figures["oldest"] == {"name": "Phạm Văn Giáp", "age": 65}
    assert lines(figures["ethnicities"]) == [
        ("Kinh", 2, "50 %"),
        ("Thái", 1, "25 %"),
        ("Tày", 1, "25 %"),
    ]
    education = {field: counts for field, _label, counts in figures["levels"]}
    assert [count for _label, count, _share in lines(education["education"])] == [2, 1, 1]
    assert ("chưa ghi nhận", 2, "50 %") in lines(education["qualification"])
    assert lines(figures["selection"]) == [
        ("đảng viên chính thức", 3, "75 %"),
        ("đảng viên dự bị", 1, "25 %"),
    ]
    # Admitted at 22: party ages 4, 14, 37 and 44 years on the day.
    assert [count for _label, count, _share in lines(figures["party_ages"])] == [1, 1, 0, 1, 1]
    assert figures["committee_members"] is None
    assert figures["not_accepted"] == []


@override_settings(CREDENTIALS_PARTY_AGE_BANDS=(10, 30))
def test_the_party_age_bands_are_a_setting(member_congress):
    figures = credentials.credentials_figures(member_congress)

    assert lines(figures["party_ages"]) == [
        ("dưới 10 năm", 1, "25 %"),
        ("từ 10 đến dưới 30 năm", 1, "25 %"),
        ("từ 30 năm trở lên", 2, "50 %"),
    ]


def test_an_empty_roll_has_no_shares_and_no_extremes(congress):
    figures = credentials.credentials_figures(congress)  # a delegate congress: no roll kept yet

    assert (figures["convened"], figures["youngest"], figures["oldest"]) == (0, None, None)
    assert {line.share_text for line in figures["gender"]} == {"—"}


def test_the_figures_take_the_same_queries_for_a_longer_roll(
    member_congress, django_assert_num_queries
):
    member_congress = Congress.objects.select_related("organization").get(pk=member_congress.pk)
    with django_assert_num_queries(2):
        credentials.credentials_figures(member_congress)
    cell = Member.objects.in_subtree(member_congress.organization).first().organization
    MemberFactory.create_batch(20, organization=cell, admitted_on=datetime.date(2000, 1, 1))
    with django_assert_num_queries(2):
        figures = credentials.credentials_figures(member_congress)
    assert figures["convened"] == 24


def test_the_page_shows_the_figures_to_the_scope_only(client, member_congress, tree):
    url = reverse("delegates:credentials", args=[member_congress.pk])
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lò Thị Én, 25 tuổi" in page
    assert "Phạm Văn Giáp, 65 tuổi" in page
    assert 'id="by-gender"' in page

    client.force_login(UserFactory(scope=tree["long_bien"], role="staff"))
    assert client.get(url).status_code == 404


def test_the_pdf_prints_the_same_figures_in_the_credentials_committees_name(
    member_congress, tmp_path
):
    output = tmp_path / "tham-tra.pdf"
    call_command(
        "render_report", "credentials-report", "--org", member_congress.organization.code,
        "--congress", str(member_congress.pk), "--output", str(output), stdout=io.StringIO(),
    )  # fmt: skip
    lines = [" ".join(line.split()) for line in pdf_text(output.read_bytes()).splitlines()]
    text = " ".join(pdf_text(output.read_bytes()).split())

    # The signer's authority on one line, measured to its column: it once broke "ĐẠI / BIỂU".
    assert "T/M BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU" in lines
    assert "BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU" in text
    assert "BÁO CÁO THẨM TRA TƯ CÁCH ĐẠI BIỂU" in text
    assert "Triệu tập: 4; có mặt: chưa ghi nhận." in text
    assert "Trẻ nhất: Lò Thị Én, 25 tuổi; nhiều tuổi nhất: Phạm Văn Giáp, 65 tuổi." in text
    assert "Nữ 2 50 %" in text
    assert "> 60 1 25 %" in text
