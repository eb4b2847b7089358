"""The classification and commendation rules in the rule packs (issue 15, item 4: every warning
and refusal of recognition names its rule and source): R-CL-04..08 and R-AW-01/02 for
2020–2025 and 2025–2030, with the documents they come from (21-HD/BTCTW of 2019 and 29-QĐ/TW of
2016 for the first; 43-HD/BTCTW of 2025 and 294-QĐ/TW of 2025 for the second), and the score
floors of R-CL-02 (2025–2030) as the pack's parameters (recognition.rules.score_floors reads
them). Adds the section "D. Commendations". Rules the rule book marks [I] or [U] are seeded
"inferred" or "unresolved"; a rule already in a pack (entered in the admin) is left as it is,
and R-CL-02's parameters are set only where none were entered.
"""

import datetime

from django.db import migrations, models

D = datetime.date

ARTICLE_UNVERIFIED = "Điều khoản chưa đối chiếu với văn bản gốc; điền trong trang quản trị."

DOCUMENTS = {
    "2020–2025": [
        # symbol, kind, role, issued on, title, English title
        (
            "21-HD/BTCTW",
            "guidance",
            "classification",
            D(2019, 10, 18),
            "Hướng dẫn sửa đổi, bổ sung một số nội dung của Hướng dẫn 16-HD/BTCTW về kiểm điểm, "
            "đánh giá, xếp loại chất lượng hằng năm",
            "Guidance amending Guidance 16-HD/BTCTW on the annual review and classification",
        ),
        (
            "29-QĐ/TW",
            "regulation",
            "other",
            D(2016, 7, 25),
            "Quy định thi hành Điều lệ Đảng",
            "Regulation implementing the Party Charter",
        ),
    ],
    "2025–2030": [
        (
            "43-HD/BTCTW",
            "guidance",
            "classification",
            D(2025, 10, 31),
            "Hướng dẫn kiểm điểm, đánh giá, xếp loại chất lượng đối với tập thể, cá nhân trong "
            "hệ thống chính trị",
            "Guidance on the review and quality classification of collectives and individuals",
        ),
        (
            "294-QĐ/TW",
            "regulation",
            "other",
            None,
            "Quy định thi hành Điều lệ Đảng",
            "Regulation implementing the Party Charter",
        ),
    ],
}


def rule(rule_id, section, document, article, article_en, statement, statement_en, **extra):
    return {
        "rule_id": rule_id,
        "section": section,
        "document": document,
        "article": article,
        "article_en": article_en,
        "statement": statement,
        "statement_en": statement_en,
        **extra,
    }


STEPS = (
    "Tự đánh giá, thẩm định, đề xuất rồi cấp có thẩm quyền quyết định; xếp loại tổ chức đảng do "
    "ban thường vụ cấp ủy cấp trên trực tiếp quyết định.",
    "Self-assessment, appraisal and proposal, then the decision of the competent level; an "
    "organization's rating is decided by the standing committee of the committee directly above.",
)
ORGANIZATION_CAP = rule(
    "R-CL-06",
    "C",
    None,
    "",
    "",
    "Tỷ lệ tổ chức đảng được xếp loại hoàn thành xuất sắc nhiệm vụ (cơ sở tính chưa rõ; chỉ cảnh "
    "báo).",
    "The share of organizations rated excellent (the base is unclear; a warning only).",
    status="unresolved",
    note="Không tìm thấy trong các nguồn; tỷ lệ và cơ sở tính là cài đặt "
    "RECOGNITION_ORG_CAP_PERCENT, RECOGNITION_ORG_CAP_BASE (câu hỏi mở 3).",
)
def streak(document):
    return rule(
        "R-CL-08",
        "C",
        document,
        "",
        "",
        "“N năm liền”: được xếp loại đủ điều kiện trong mỗi năm của N năm dương lịch liên tiếp "
        "kết thúc ở năm xét.",
        "“N consecutive years”: the qualifying rating in each of the N calendar years ending "
        "with the year considered.",
        status="inferred",
        note="Định nghĩa suy luận; một năm không được xếp loại làm đứt chuỗi (chưa xác minh). "
        "Số năm là cài đặt RECOGNITION_STREAK_YEARS.",
    )


AUTHORITY = (
    "Thẩm quyền khen thưởng: cấp ủy mỗi cấp chỉ được tặng các hình thức khen thưởng theo bảng "
    "thẩm quyền cho tập thể hoặc cá nhân.",
    "Authority to commend: each committee grants only the forms the authority table allows it "
    "to collectives or individuals.",
)
VALIDITY = (
    "Khen thưởng chỉ hợp lệ khi cấp tặng được phép tặng hình thức đó cho loại đối tượng đó, theo "
    "bảng thẩm quyền của quy định đang có hiệu lực.",
    "A commendation is valid only when the granting level may grant that form to that kind of "
    "recipient, by the authority table of the regulation in force.",
)

PACKS = {
    "2020–2025": [
        rule("R-CL-04", "C", "132-QĐ/TW", "", "", *STEPS, note=ARTICLE_UNVERIFIED),
        rule(
            "R-CL-05",
            "C",
            "21-HD/BTCTW",
            "mục 2.3",
            "section 2.3",
            "Trong mỗi tổ chức cơ sở đảng, số đảng viên hoàn thành xuất sắc nhiệm vụ không quá 20 % "
            "số đảng viên hoàn thành tốt nhiệm vụ.",
            "Within each grassroots organization, members rated excellent are at most 20 % of "
            "those rated good.",
            note="Tỷ lệ là cài đặt RECOGNITION_MEMBER_CAP_PERCENT (mặc định 20).",
        ),
        ORGANIZATION_CAP,
        rule(
            "R-CL-07",
            "C",
            "21-HD/BTCTW",
            "",
            "",
            "Chỉ tổ chức đảng hoàn thành xuất sắc nhiệm vụ mới được công nhận “Trong sạch, vững "
            "mạnh tiêu biểu”.",
            "Only organizations rated excellent may be recognised “clean and strong, exemplary”.",
            note=ARTICLE_UNVERIFIED,
        ),
        streak("21-HD/BTCTW"),
        rule(
            "R-AW-01",
            "D",
            "29-QĐ/TW",
            "mục 27.2",
            "item 27.2",
            *AUTHORITY,
            note="QĐ 24-QĐ/TW (2021) thay QĐ 29-QĐ/TW trong nhiệm kỳ; bảng thẩm quyền chưa đối "
            "chiếu với QĐ 24.",
        ),
        rule(
            "R-AW-02",
            "D",
            "29-QĐ/TW",
            "mục 27.2",
            "item 27.2",
            *VALIDITY,
            status="inferred",
            note="Bảng thẩm quyền theo từng quy định (QĐ 29/2016 → QĐ 24/2021 → QĐ 294/2025) là "
            "suy luận.",
        ),
    ],
    "2025–2030": [
        rule("R-CL-04", "C", "43-HD/BTCTW", "", "", *STEPS, note=ARTICLE_UNVERIFIED),
        rule(
            "R-CL-05",
            "C",
            "43-HD/BTCTW",
            "",
            "",
            "Trong mỗi tổ chức cơ sở đảng, số đảng viên hoàn thành xuất sắc nhiệm vụ không quá 20 % "
            "số đảng viên hoàn thành tốt nhiệm vụ.",
            "Within each grassroots organization, members rated excellent are at most 20 % of "
            "those rated good.",
            status="inferred",
            note="Tỷ lệ 20 % theo 21-HD/BTCTW (2019); chưa đối chiếu với 43-HD/BTCTW. Tỷ lệ là cài "
            "đặt RECOGNITION_MEMBER_CAP_PERCENT.",
        ),
        ORGANIZATION_CAP,
        rule(
            "R-CL-07",
            "C",
            "43-HD/BTCTW",
            "",
            "",
            "Chỉ tổ chức đảng hoàn thành xuất sắc nhiệm vụ mới được công nhận “Trong sạch, vững "
            "mạnh tiêu biểu” (có nơi gọi “Hoàn thành xuất sắc nhiệm vụ tiêu biểu”).",
            "Only organizations rated excellent may be recognised as exemplary (worded "
            "differently by some provinces).",
            status="inferred",
            note="Giữ như 21-HD/BTCTW (2019); chưa đối chiếu với 43-HD/BTCTW.",
        ),
        streak("43-HD/BTCTW"),
        rule(
            "R-AW-01",
            "D",
            "294-QĐ/TW",
            "",
            "",
            *AUTHORITY,
            status="inferred",
            note="Bảng thẩm quyền giữ theo QĐ 29-QĐ/TW (2016), chưa đối chiếu QĐ 294-QĐ/TW; ai "
            "tặng giấy khen cho các đơn vị cấp huyện trước đây chưa rõ (R-AW-05).",
        ),
        rule(
            "R-AW-02",
            "D",
            "294-QĐ/TW",
            "",
            "",
            *VALIDITY,
            status="inferred",
            note="Bảng thẩm quyền theo từng quy định là suy luận. " + ARTICLE_UNVERIFIED,
        ),
    ],
}

# R-CL-02 (2025–2030): the lowest score of each level, read by recognition.rules.score_floors.
SCORE_FLOORS = {"excellent_from": 90, "good_from": 70, "complete_from": 50}
# What `seed` writes besides the values in PACKS (TermRule's defaults).
SEEDED_DEFAULTS = {
    "status": "confirmed",
    "note": "",
    "parameters": {},
    "term_fields": [],
    "level_fields": [],
    "in_force": True,
}
FLOORS_NOTE = "Ngưỡng điểm là tham số của quy định này (recognition.rules.score_floors)."


def seed(apps, schema_editor):
    Term = apps.get_model("congresses", "Term")
    TermDocument = apps.get_model("congresses", "TermDocument")
    TermRule = apps.get_model("congresses", "TermRule")
    for term in Term.objects.filter(name__in=PACKS):
        order = TermDocument.objects.filter(term=term).count()
        documents = {
            document.symbol: document for document in TermDocument.objects.filter(term=term)
        }
        for symbol, kind, role, issued_on, title, title_en in DOCUMENTS[term.name]:
            if symbol not in documents:
                documents[symbol] = TermDocument.objects.create(
                    term=term, symbol=symbol, kind=kind, role=role, issued_on=issued_on,
                    title=title, title_en=title_en, order=order,
                )  # fmt: skip
                order += 1
        for values in PACKS[term.name]:
            values = dict(values)
            symbol = values.pop("document")
            rule_id = values.pop("rule_id")
            if TermRule.objects.filter(term=term, rule_id=rule_id).exists():
                continue
            TermRule.objects.create(
                term=term, rule_id=rule_id, document=documents.get(symbol), **values
            )
    floors = TermRule.objects.filter(term__name="2025–2030", rule_id="R-CL-02", parameters={})
    for rule_row in floors:
        rule_row.parameters = dict(SCORE_FLOORS)
        rule_row.note = FLOORS_NOTE
        rule_row.save(update_fields=["parameters", "note"])


def _as_seeded(rule_row, values):
    """Whether `rule_row` still holds what `seed` wrote from `values` (one of PACKS' rules):
    a rule entered in the admin before 0009 (which `seed` left as it was) or edited since
    differs in some field."""
    expected = {**SEEDED_DEFAULTS, **values}
    symbol = expected.pop("document")
    expected.pop("rule_id")
    document = rule_row.document
    return all(getattr(rule_row, name) == value for name, value in expected.items()) and (
        document is None or document.symbol == symbol
    )


def _document_as_seeded(document, row):
    symbol, kind, role, issued_on, title, title_en = row
    return (document.kind, document.role, document.issued_on, document.title, document.title_en) == (
        kind,
        role,
        issued_on,
        title,
        title_en,
    )


def unseed(apps, schema_editor):
    """Takes out only what `seed` put in and nobody changed since: the rules (by term and rule
    id) and documents (by term and symbol) as seeded, a document only when no rule cites it
    any more; R-CL-02's score floors only where they and their note are as seeded."""
    TermRule = apps.get_model("congresses", "TermRule")
    TermDocument = apps.get_model("congresses", "TermDocument")
    for term_name, rules in PACKS.items():
        seeded = {values["rule_id"]: values for values in rules}
        candidates = TermRule.objects.filter(
            term__name=term_name, rule_id__in=list(seeded)
        ).select_related("document")
        TermRule.objects.filter(
            pk__in=[row.pk for row in candidates if _as_seeded(row, seeded[row.rule_id])]
        ).delete()
        documents = {row[0]: row for row in DOCUMENTS[term_name]}
        for document in TermDocument.objects.filter(
            term__name=term_name, symbol__in=list(documents), rules__isnull=True
        ):
            if _document_as_seeded(document, documents[document.symbol]):
                document.delete()
    TermRule.objects.filter(
        term__name="2025–2030", rule_id="R-CL-02", parameters=SCORE_FLOORS, note=FLOORS_NOTE
    ).update(parameters={}, note="Các ngưỡng điểm ở recognition/rules.py.")


class Migration(migrations.Migration):
    dependencies = [("congresses", "0008_slate_parameters")]

    operations = [
        migrations.AlterField(
            model_name="termrule",
            name="section",
            field=models.CharField(
                choices=[
                    ("A3", "A3. Candidate list and slate size"),
                    ("A5", "A5. Who is elected"),
                    ("A6", "A6. Other congress-procedure rules"),
                    ("A7", "A7. Delegates and the session"),
                    ("B", "B. Congress wave guidance"),
                    ("C", "C. Quality classification"),
                    ("D", "D. Commendations"),
                ],
                max_length=20,
                verbose_name="section",
            ),
        ),
        migrations.RunPython(seed, unseed),
    ]
