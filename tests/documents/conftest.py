import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from congresses.models import Congress, Term
from documents import services
from documents.choices import DocumentKind, TaskKind
from tests.factories import UserFactory

PDF_BYTES = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def docx_bytes(entries=("word/document.xml",)):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name in entries:
            archive.writestr(name, "<w:document/>")
    return buffer.getvalue()


def pdf_upload(name="du-thao.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_upload(name="du-thao.docx", content=None):
    return SimpleUploadedFile(
        name,
        docx_bytes() if content is None else content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def make_congress(org):
    return Congress.objects.create(
        term=Term.objects.get(name="2020–2025"),
        organization=org,
        org_path=org.path,
        level=org.kind.level,
        ordinal=1,
        kind="all_member",
    )


@pytest.fixture
def term(db):
    return Term.objects.get(name="2020–2025")


@pytest.fixture
def world(tree, term):
    """Documents of Xuân La (inside Tây Hồ) and of Long Biên (the other district)."""
    xuan_la, long_bien = tree["xuan_la"], tree["long_bien"]
    congress = make_congress(xuan_la)
    other_congress = make_congress(long_bien)
    directive = services.create_directive(
        organization=xuan_la,
        term=term,
        actor=None,
        number="15-HD/ĐU",
        issued_on=datetime.date(2024, 9, 1),
        title="Hướng dẫn tổ chức đại hội chi bộ",
        issuing_body="Đảng ủy phường Xuân La",
        file=pdf_upload(),
    )
    document = services.create_document(
        congress=congress,
        actor=None,
        kind=DocumentKind.POLITICAL_REPORT,
        title="Báo cáo chính trị nhiệm kỳ 2025–2030",
    )
    version = services.add_version(document=document, actor=None, file=pdf_upload())
    discussion = services.add_round(
        document=document, actor=None, held_on=datetime.date(2025, 3, 1)
    )
    task = services.create_follow_up(
        organization=xuan_la,
        term=term,
        actor=None,
        kind=TaskKind.WORKING_REGULATION,
        title="Xây dựng quy chế làm việc",
        owner="Văn phòng Đảng ủy",
        deadline=datetime.date(2025, 6, 30),
    )
    return {
        "congress": congress,
        "other_congress": other_congress,
        "directive": directive,
        "document": document,
        "version": version,
        "round": discussion,
        "task": task,
    }


@pytest.fixture
def staff(tree):
    return UserFactory(scope=tree["tay_ho"], role="staff")


@pytest.fixture
def secretary(tree):
    return UserFactory(scope=tree["xuan_la"], role="secretary")


@pytest.fixture
def leader(tree):
    return UserFactory(scope=tree["tay_ho"], role="leader")


@pytest.fixture
def other_staff(tree):
    """Staff of Long Biên: Tây Hồ's documents do not exist for them."""
    return UserFactory(scope=tree["long_bien"], role="staff")
