"""The printable sheet of delegate cards (report kind `delegate-cards`): in the party layout,
one card per convened member with its number, name, organization, group and a QR code of the
congress-bound token."""

import pytest
import segno
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from congress_day.tokens import token_for
from reports import services as report_services
from reports.choices import FileFormat, ReportKind
from reports.kinds import build_context
from reports.kinds.delegate_cards import _qr_svg
from reports.models import ReportJob
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


def cards_job(congress, **parameters):
    return ReportJob(
        kind=ReportKind.DELEGATE_CARDS,
        organization=congress.organization,
        parameters={"congress": congress.pk, **parameters},
        language="vi",
        file_format=FileFormat.PDF,
        created_at=timezone.now(),
    )


def test_the_sheet_lists_every_card_with_its_qr(congress, cards):
    context = build_context(cards_job(congress))
    assert [card["number"] for card in context["cards"]] == list(range(1, 8))
    first = context["cards"][0]
    assert first["name"] == cards[0].member.full_name
    assert first["group"] in {"Đảng bộ phường Xuân La", "Đảng bộ phường Bưởi"}
    assert first["qr"] == _qr_svg(token_for(cards[0]))
    text = " ".join(pdf_text(report_services.build_pdf(cards_job(congress))).split())
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "QUẬN ỦY TÂY HỒ" in text
    assert cards[6].member.full_name in text
    assert "№ 7" in text


def test_the_qr_carries_the_token(cards):
    token = token_for(cards[0])
    svg = _qr_svg(token)
    assert svg.startswith("<svg")
    assert svg == segno.make(token, error="m", micro=False).svg_inline(scale=3, border=2)
    assert cards[0].member.code not in token


def test_no_cards_yet_says_so(congress):
    text = " ".join(pdf_text(report_services.build_pdf(cards_job(congress))).split())
    assert "Chưa cấp thẻ đại biểu nào." in text


def test_the_command_renders_the_sheet(congress, cards, tmp_path):
    output = tmp_path / "the.pdf"
    call_command(
        "render_report", "delegate-cards", "--org", "HN-TH", "--congress", str(congress.pk),
        "--output", str(output),
    )  # fmt: skip
    assert output.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError):
        call_command(
            "render_report", "delegate-cards", "--org", "HN-LB", "--congress", str(congress.pk),
            "--output", str(output),
        )  # fmt: skip


def test_the_desk_requests_the_sheet(client, congress, cards, staff, tree):
    client.force_login(staff)
    page = client.get(reverse("congress_day:check-in", args=[congress.pk])).content.decode()
    assert 'value="delegate-cards"' in page
    request = {"organization": congress.organization_id, "kind": "delegate-cards"}
    client.post(reverse("reports:job-request"), {**request, "congress": congress.pk})
    assert ReportJob.objects.get().parameters == {"congress": congress.pk}
    # Without a congress of the organization, nothing is requested.
    client.post(reverse("reports:job-request"), request)
    assert ReportJob.objects.count() == 1
