"""Demo documents from the news reports in shared/seeds.

Tây Hồ (20/02/2020): 20 directive documents issued by the standing committee and the party
commissions; the district political report discussed 3 times with 37 comments. Long Biên
(11/09/2020): the follow-up tasks of the last quarter of 2020 — working regulations, the action
program, the working program, the inspection and supervision programs, 3 key full-term
programs. Numbers, titles and dates the reports do not give are synthetic.
"""

import datetime

from django.db import transaction

from congresses.models import Congress, Term
from documents import services
from documents.choices import DocumentKind, TaskKind, TaskStatus
from documents.models import CongressDocument, DirectiveDocument, FollowUpTask
from organizations.models import Organization

D = datetime.date
DIRECTIVE_KINDS = ("KH", "HD", "CV", "TB", "QĐ")
COMMENTERS = (
    "Đảng bộ phường Xuân La", "Đảng bộ phường Bưởi", "Đảng bộ phường Nhật Tân",
    "Ban Tuyên giáo Quận ủy", "Ủy ban Mặt trận Tổ quốc quận", "Đồng chí nguyên Bí thư Quận ủy",
)  # fmt: skip
# Three rounds, 37 comments: 12 + 14 + 11.
ROUNDS = ((D(2019, 12, 10), 12), (D(2020, 1, 14), 14), (D(2020, 2, 11), 11))
LONG_BIEN_TASKS = (
    (TaskKind.WORKING_REGULATION, "Quy chế làm việc của Ban Chấp hành, Ban Thường vụ, Ủy ban Kiểm tra Quận ủy khóa IV"),
    (TaskKind.FULL_TERM_PROGRAM, "Chương trình hành động thực hiện Nghị quyết Đại hội Đảng bộ quận lần thứ IV"),
    (TaskKind.FULL_TERM_PROGRAM, "Chương trình làm việc của Ban Chấp hành Đảng bộ quận khóa IV"),
    (TaskKind.INSPECTION_PROGRAM, "Chương trình kiểm tra, kế hoạch giám sát của Ban Chấp hành và Ủy ban Kiểm tra Quận ủy giai đoạn 2020–2025"),
    (TaskKind.FULL_TERM_PROGRAM, "03 chương trình công tác trọng tâm toàn khóa của Ban Chấp hành Đảng bộ quận khóa IV"),
)  # fmt: skip


@transaction.atomic
def build_demo_documents(*, actor=None):
    """Create the demo documents once; returns how many rows were made (0 on a second run)."""
    term = Term.objects.get(name="2020–2025")
    tay_ho = Organization.objects.get(code="HN-TH")
    long_bien = Organization.objects.get(code="HN-LB")
    created = 0
    if not DirectiveDocument.objects.filter(organization=tay_ho, term=term).exists():
        for number in range(1, 21):
            kind = DIRECTIVE_KINDS[number % len(DIRECTIVE_KINDS)]
            services.create_directive(
                organization=tay_ho,
                term=term,
                actor=actor,
                number=f"{number + 10}-{kind}/QU",
                issued_on=D(2019, 6, 1) + datetime.timedelta(days=12 * number),
                title=f"Văn bản chỉ đạo số {number} về công tác chuẩn bị, tổ chức đại hội",
                issuing_body="Ban Thường vụ Quận ủy Tây Hồ",
            )
            created += 1
    congress = Congress.objects.regular().get(organization=tay_ho, term=term)
    if not CongressDocument.objects.filter(congress=congress).exists():
        report = services.create_document(
            congress=congress,
            actor=actor,
            kind=DocumentKind.POLITICAL_REPORT,
            title="Báo cáo chính trị của Ban Chấp hành Đảng bộ quận khóa V",
        )
        services.add_version(
            document=report,
            actor=actor,
            text="Dự thảo báo cáo chính trị (bản tóm tắt).",
            note="Dự thảo lần 1",
        )
        for held_on, comments in ROUNDS:
            discussion = services.add_round(document=report, actor=actor, held_on=held_on)
            for number in range(comments):
                services.add_comment(
                    discussion=discussion,
                    actor=actor,
                    author=COMMENTERS[number % len(COMMENTERS)],
                    content=f"Ý kiến {number + 1}: bổ sung mục tiêu, chỉ tiêu, giải pháp nhiệm kỳ mới.",
                    accepted=number % 3 != 0,
                )
        # Approved by the city before the district congress moves to "documents approved" on
        # 01/07/2020 (personnel.demo); the number and the date are synthetic.
        report.refresh_from_db()
        services.approve_document(
            document=report,
            actor=actor,
            expected_version=report.version,
            approved_on=D(2020, 6, 25),
            approval_number="1234-CV/TU",
            approval_body="Ban Thường vụ Thành ủy Hà Nội",
        )
        created += 1
    if not FollowUpTask.objects.filter(organization=long_bien, term=term).exists():
        for kind, title in LONG_BIEN_TASKS:
            services.create_follow_up(
                organization=long_bien,
                term=term,
                actor=actor,
                kind=kind,
                title=title,
                owner="Văn phòng Quận ủy",
                deadline=D(2020, 12, 31),
                status=TaskStatus.IN_PROGRESS,
                # Set by the district congress (closed 13/08/2020, congresses.demo).
                created_on=D(2020, 8, 14),
            )
            created += 1
    return created
