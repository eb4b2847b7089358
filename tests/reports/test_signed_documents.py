"""The signed party documents of issue 19's last items (R-RP-10): the signature never alone on
the last page, the signer and the recipients given with the request, the credentials
committee's own symbol. Checked on the text and the positions read out of the PDFs."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from congresses.models import Congress
from personnel.models import ElectionRound
from reports import services
from reports.choices import ReportKind
from reports.kinds import Section, Table
from reports.kinds.congress_dossier import round_section
from reports.models import ReportJob
from tests.factories import UserFactory
from tests.pdf import flat, page_lines, pdf_text

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
LAST = (
    "Đoạn cuối của phần thân báo cáo, đủ dài để chiếm ba dòng, phải nằm trọn vẹn cùng trang "
    "với chữ ký và nơi nhận; không để chữ ký đứng một mình ở trang cuối, cũng không để chỉ "
    "một dòng của đoạn văn đi theo chữ ký sang trang sau như bản in trước đây."
)


def _signature_page(data):
    """The last page's lines above the signature block, as one text, and the page's count."""
    pages = page_lines(data)
    last = pages[-1]
    signature_at = next(y for y, text in last if "T/M BAN THƯỜNG VỤ" in text)
    recipients_at = next(y for y, text in last if text.startswith("Nơi nhận:"))
    top = max(signature_at, recipients_at)
    return flat(" ".join(text for y, text in last if y > top)), pages


def test_the_last_paragraph_stays_whole_beside_the_signature(tree, rendering):
    report = rendering.job(tree["tay_ho"])
    split_at_the_boundary = 0
    # From a body that leaves room for the signature to one that just does not: the page
    # break falls around the last paragraph in some of them.
    for count in range(22, 29):
        paragraphs = [f"Đoạn văn thứ {number} của phần thân." for number in range(1, count + 1)]
        data = services.render_part(
            report,
            "reports/pdf/report.html",
            {"title": "BÁO CÁO", "sections": [Section("Phần một", [*paragraphs, LAST])]},
        )
        above, pages = _signature_page(data)
        assert len(pages) == 2
        # Was only the paragraph's last two lines: the whole paragraph and the one before it.
        assert flat(LAST) in above, count
        assert paragraphs[-1] in above, count
        if paragraphs[-1] not in flat(" ".join(text for _y, text in pages[0])):
            split_at_the_boundary += 1
    assert split_at_the_boundary  # the body did reach the boundary


def test_the_last_table_rows_stay_beside_the_signature(tree, rendering):
    report = rendering.job(tree["tay_ho"])
    split_at_the_boundary = 0
    for count in range(17, 24):
        rows = [
            [number, f"Chi bộ {number}", "Đảng bộ phường Xuân La"] for number in range(1, count + 1)
        ]
        table = Table("Bảng", ["STT", "Chi bộ", "Đơn vị"], rows, numeric={0})
        data = services.render_part(
            report,
            "reports/pdf/report.html",
            {"title": "BÁO CÁO", "sections": [Section("Phần một", ["Mở đầu."], [table])]},
        )
        above, pages = _signature_page(data)
        assert len(pages) == 2
        # Was the last row alone: the last three, under the repeated header.
        for number in range(count - 2, count + 1):
            assert f"{number} Chi bộ {number} Đảng bộ phường Xuân La" in above, count
        if f"{count} Chi bộ {count} " not in " ".join(text for _y, text in pages[0]):
            split_at_the_boundary += 1
    assert split_at_the_boundary


def test_the_request_form_offers_the_signer_and_recipients_with_their_defaults(client, tree):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))
    url = reverse("reports:report-new", args=[tree["tay_ho"].pk])

    page = client.get(url, {"kind": "congress-summary"}).content.decode()

    assert 'name="signer"' in page
    assert 'name="recipients"' in page
    # The defaults a blank field stands for, shown in it.
    assert "Lưu Văn phòng Quận ủy Tây Hồ." in page


def test_the_signer_and_recipients_go_with_the_request(client, tree):
    user = UserFactory(scope=tree["tay_ho"], role="leader")
    client.force_login(user)

    client.post(
        reverse("reports:job-request"),
        {
            "organization": tree["tay_ho"].pk,
            "kind": "congress-summary",
            "term": "",
            "signer": "  Trần  Văn Ký ",
            "recipients": "Ban Tổ chức Thành ủy\n\n- Lưu hồ sơ\n",
            "file_format": "xlsx",
        },
    )

    job = ReportJob.objects.get(requested_by=user)
    assert job.parameters == {
        "signer": "Trần Văn Ký",
        "recipients": "Ban Tổ chức Thành ủy\n- Lưu hồ sơ",
    }


def test_a_refused_request_keeps_what_was_typed(client, tree):
    user = UserFactory(scope=tree["tay_ho"], role="leader")
    client.force_login(user)

    response = client.post(
        reverse("reports:job-request"),
        {
            "organization": tree["tay_ho"].pk,
            "kind": "congress-summary",
            "signer": "Trần Văn Ký" * 20,
            "recipients": "Ban Tổ chức Thành ủy",
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert ("Trần Văn Ký" * 20) in page
    assert "Ban Tổ chức Thành ủy</textarea>" in page
    assert "120" in page  # the error names the length allowed
    assert not ReportJob.objects.filter(requested_by=user).exists()


def test_the_pdf_prints_the_requested_signer_and_recipients(tree, rendering):
    text = rendering.text(
        rendering.job(
            tree["tay_ho"], signer="Trần Văn Ký", recipients="Ban Tổ chức Thành ủy\nLưu hồ sơ"
        )
    )

    assert "T/M BAN THƯỜNG VỤ BÍ THƯ Trần Văn Ký" in text
    assert "Nơi nhận: - Ban Tổ chức Thành ủy - Lưu hồ sơ" in text


def _credentials(rendering, demo):
    congress = Congress.objects.get(organization=demo["HCM-Q9"], term__name="2020–2025")
    return rendering.lines(
        rendering.job(demo["HCM-Q9"], ReportKind.CREDENTIALS_REPORT, congress=congress.pk)
    )


def test_the_credentials_report_carries_the_credentials_committees_symbol(demo, rendering):
    lines = _credentials(rendering, demo)

    number = next(line for line in lines if line.startswith("Số"))
    # Was "-BC/QU", the district committee's symbol.
    assert re.fullmatch(rf"Số[ {NBSP}]{{6,}}-BC/TTTC", number), number
    with override_settings(REPORT_CREDENTIALS_SYMBOL="BTTTC"):
        assert any(line.endswith("-BC/BTTTC") for line in _credentials(rendering, demo))


def test_the_credentials_report_is_signed_by_the_committees_head(demo, rendering):
    """Its head as the congress day records the committee (the first member, as the
    presidium's chair), not a blank unless the request names another."""
    from congress_day.choices import Body
    from congress_day.models import BodyMember

    congress = Congress.objects.get(organization=demo["HCM-Q9"], term__name="2020–2025")
    head = BodyMember.objects.filter(congress=congress, body=Body.CREDENTIALS).first().member

    text = flat(" ".join(_credentials(rendering, demo)))

    assert f"TRƯỞNG BAN {head.full_name}" in text
    named = rendering.job(
        demo["HCM-Q9"], ReportKind.CREDENTIALS_REPORT, congress=congress.pk, signer="Lê Văn Tám"
    )
    assert "TRƯỞNG BAN Lê Văn Tám" in flat(" ".join(rendering.lines(named)))
    BodyMember.objects.filter(congress=congress, body=Body.CREDENTIALS).delete()
    assert "TRƯỞNG BAN ……………………………" in flat(" ".join(_credentials(rendering, demo)))


def test_a_recipient_breaks_after_the_bodys_word_never_inside_the_place(demo, rendering):
    """verify19: "Ban Thường vụ Thành ủy Thành phố Hồ Chí / Minh (để báo cáo),"."""
    lines = [" ".join(line.split()) for line in _credentials(rendering, demo)]

    # The committee above and its organization department, each naming the city whole.
    assert len([line for line in lines if "Thành phố Hồ Chí Minh" in line]) >= 2
    broken = ("Thành phố", "Thành phố Hồ", "Thành phố Hồ Chí")
    assert not [line for line in lines if line.endswith(broken)]


def _dossier(rendering, demo):
    congress = Congress.objects.get(organization=demo["HCM-Q9"], term__name="2020–2025")
    return rendering.job(demo["HCM-Q9"], ReportKind.CONGRESS_DOSSIER, congress=congress.pk)


def test_people_are_listed_with_their_unit(demo, rendering):
    report = _dossier(rendering, demo)
    tables = rendering.tables(report)
    slate = next(table for table in tables if table.title.startswith("Danh sách: 22 người"))
    votes = tables[tables.index(slate) + 1]
    assert votes.title == "Lần bầu 1: số phiếu"

    # The slate had no unit; the votes named the cell alone ("Chi bộ khu phố 1", one of many).
    assert slate.columns[:2] == ["Họ và tên", "Đơn vị"]
    for table in (slate, votes):
        units = {row[1] for row in table.rows}
        assert "Chi bộ khu phố 1, Đảng bộ phường Hiệp Phú" in units
        assert all(", Đảng bộ " in unit for unit in units)
    text = rendering.text(report)
    printed = sum(row[1].count("Hiệp Phú") for table in (slate, votes) for row in table.rows)
    assert text.count("Hiệp Phú") >= printed > 0  # was never: the cell alone


def test_a_table_whose_rows_have_no_unit_known_leaves_the_column_out(demo, rendering):
    tables = rendering.tables(_dossier(rendering, demo))
    committee = next(table for table in tables if table.title == "Ban kiểm phiếu")

    # The demo's counting committee is not on the register: no unit to tell apart.
    assert committee.columns == ["Họ và tên", "Nhiệm vụ"]


def test_commendations_name_the_standing_committee_and_each_units(demo, rendering):
    report = rendering.job(demo["HCM-Q9"], ReportKind.COMMENDATIONS, year=2020)
    (table,) = rendering.tables(report)
    text = rendering.text(report)

    # Was "của Đảng bộ Quận 9", the organization instead of the body that grants.
    assert "của Ban Thường vụ Quận ủy Quận 9" in text
    assert table.columns[:3] == ["STT", "Tập thể, cá nhân", "Đơn vị"]
    assert table.rows[0][1:3] == ["Đảng bộ phường Hiệp Phú", "Đảng bộ Quận 9"]


def test_streaks_name_each_members_cell_and_the_organization_above(demo, rendering):
    report = rendering.job(demo["HCM-Q10"], ReportKind.CLASSIFICATION_SUMMARY, year=2020)
    members = next(
        t for t in rendering.tables(report) if t.title.startswith("Đảng viên hoàn thành")
    )

    assert members.columns == ["Họ và tên", "Đơn vị"]
    # Was "Chi bộ 1" for both: the eleven "Chi bộ 1" of Quận 10 are told apart.
    assert ["Ngô Đức Vinh", "Chi bộ 1, Đảng bộ cơ quan 11 Quận 10"] in members.rows
    assert ["Trần Thị Nga", "Chi bộ 1, Đảng bộ cơ quan 4 Quận 10"] in members.rows


def test_the_minutes_carry_their_number_and_the_counting_committee_signing(demo, rendering):
    congress = Congress.objects.get(organization=demo["HCM-Q9"], term__name="2020–2025")
    first = ElectionRound.objects.filter(ballot__congress=congress).order_by("pk").first()
    ElectionRound.objects.filter(pk=first.pk).update(minutes_number="05-BB/BKP")
    rounds = ElectionRound.objects.filter(ballot__congress=congress).count()

    text = rendering.text(_dossier(rendering, demo))

    assert "Biên bản số 05-BB/BKP." in text
    # Each round's minutes, signed by the counting committee, its head first.
    assert text.count("Ban kiểm phiếu ký biên bản") == rounds
    assert (
        text.count(
            "Trần Văn Kiểm (dữ liệu minh họa) trưởng ban Lê Thị Phiếu (dữ liệu minh họa) thành viên"
        )
        == rounds + 1
    )  # and the committee's own section


def test_minutes_without_a_counting_committee_say_so(demo):
    congress = Congress.objects.get(organization=demo["HCM-Q9"], term__name="2020–2025")
    election_round = ElectionRound.objects.filter(ballot__congress=congress).first()

    with translation.override("vi"):
        section = round_section(
            election_round.ballot, election_round, unit=lambda person: "—", committee=[]
        )

    assert section.paragraphs[-1] == (
        "Chưa ghi nhận Ban kiểm phiếu: chưa rõ những người ký biên bản."
    )
    assert [table.title for table in section.tables] == ["Lần bầu 1: số phiếu"]


def test_the_round_form_takes_the_minutes_number():
    from personnel.forms import RoundForm

    data = {
        "convened": 10,
        "excluded_absent_with_reason": 0,
        "excluded_suspended": 0,
        "excluded_other": 0,
        "ballots_issued": 10,
        "ballots_returned": 10,
        "ballots_valid": 10,
        "ballots_invalid": 0,
        "number": 1,
        "minutes_number": "  05-BB/BKP ",
    }
    form = RoundForm(data, candidates=[])

    assert form.is_valid(), form.errors
    assert form.service_arguments()["minutes_number"] == "05-BB/BKP"


def _q9_congress(demo):
    return Congress.objects.get(organization=demo["HCM-Q9"], term__name="2020–2025")


def _elected_units(congress):
    """{name: the unit printed for them} of the people `congress` elected, and the secretary."""
    from organizations.selectors import units_of
    from personnel.choices import BallotKind
    from personnel.models import RoundVote

    votes = RoundVote.objects.filter(round__ballot__congress=congress, is_elected=True)
    votes = list(votes.select_related("candidate__member", "round__ballot"))
    units = units_of(v.candidate.member.organization_id for v in votes if v.candidate.member)
    people = {
        vote.candidate.full_name: units[vote.candidate.member.organization_id]
        if vote.candidate.member
        else "—"  # a candidate from outside the register
        for vote in votes
    }
    secretary = next(v for v in votes if v.round.ballot.kind == BallotKind.SECRETARY).candidate
    return people, secretary.full_name


def test_the_bodies_elected_name_each_person_with_their_unit(demo, rendering):
    congress = _q9_congress(demo)
    people, _secretary = _elected_units(congress)
    # The demo's committee and delegates are members of the register (issue 19).
    assert len(set(people.values()) - {"—"}) > 1
    people = {name: unit for name, unit in people.items() if unit != "—"}

    for kind in (ReportKind.CONGRESS_DOSSIER, ReportKind.CONGRESS_FILE):
        report = rendering.job(demo["HCM-Q9"], kind, congress=congress.pk)
        text = flat(pdf_text(services.build_pdf(report)))
        part = text[text.index("Các cơ quan được bầu") :]
        # Was "Nguyễn A, Trần B, ..." in one cell: the names without a unit.
        for name, unit in people.items():
            assert f"{name} {unit}" in part, (kind, name)


def test_the_quick_reports_secretary_is_named_with_their_unit(demo, rendering):
    from organizations.models import Member
    from personnel.models import Candidate

    congress = _q9_congress(demo)
    _people, secretary = _elected_units(congress)
    # The demo's secretary is from outside the register: one of Hiệp Phú's members instead.
    member = (
        Member.objects.filter(organization__name="Chi bộ khu phố 1")
        .in_subtree(demo["HCM-Q9"])
        .first()
    )
    Candidate.objects.filter(congress=congress, full_name=secretary).update(member=member)
    people, secretary = _elected_units(congress)
    assert people[secretary].startswith("Chi bộ khu phố 1, ")
    report = rendering.job(demo["HCM-Q9"], ReportKind.QUICK_REPORT, congress=congress.pk)

    text = rendering.text(report)

    # Was the name alone.
    assert f"Bí thư {secretary} ({people[secretary]})" in text


def test_the_credentials_not_accepted_name_the_delegates_unit(demo, rendering):
    from delegates.models import Delegate
    from organizations.selectors import units_of

    congress = _q9_congress(demo)
    refused = Delegate.objects.select_related("member", "represents").get(
        congress=congress, status="not_accepted"
    )
    unit = units_of([refused.member.organization_id])[refused.member.organization_id]
    assert unit.startswith(refused.member.organization.name + ", ")

    text = flat(" ".join(_credentials(rendering, demo)))

    # Was "name, delegation, reason": the delegate's own cell was not printed.
    assert f"{refused.member.full_name} {unit} {refused.represents.name}" in text
