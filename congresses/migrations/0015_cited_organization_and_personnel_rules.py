"""Rules warnings and refusals cite that the packs did not hold yet (issue 15, item 4: "every
warning and refusal names its rule id and source document and article"), with the source the
rule book (docs/domain-rules.md) gives them:

* R-OR-05, no district congress after 30/6/2025: Hướng dẫn 31-HD/BTCTW of 23/4/2025 (the party
  committees of communes, wards and special zones under the province) [C: S53]; the end of the
  district level is NQ 203/2025/QH15 [C: S52], a state resolution, named in the note. Both
  terms: the reform fell within 2020–2025, whose congresses may be dated after it.
* R-OR-06, a merged organization holds its congress right away: the rule book gives "seeds,
  S30" (Kết luận 163-KL/TW), not in any pack: unresolved, without a source, both terms.
* R-WV-09, only the secretary may be elected directly by the congress: 2020–2025 Chỉ thị
  35-CT/TW (pilot) [C: S73], the item not read; 2025–2030 the rule book gives no document:
  unresolved, without a source.
* R-EL-29, the convening committee announces the date, allocates delegates and hands over the
  credentials: QĐ 24-QĐ/TW (2021) item 11.1 [C: S22] (2020–2025, the regulation that replaced
  29-QĐ/TW in the term); 2025–2030 its successor 294-QĐ/TW, the item not read.

An empty article is one the rule book does not give (to fill in from the document, in the
admin). A rule or document already in a pack (entered in the admin) is kept. The reverse step
deletes only the rules as seeded here, and a document it created only when no rule cites it.
"""

import datetime

from django.db import migrations

ARTICLE_UNVERIFIED = "Điều khoản chưa đối chiếu với văn bản gốc; điền trong trang quản trị."

# symbol → (kind, role, issued on, title, English title). The rule book gives neither the exact
# title nor (for 24-QĐ/TW) the date: the title is what the document does, the date left empty.
DOCUMENTS = {
    "31-HD/BTCTW": (
        "guidance",
        "other",
        datetime.date(2025, 4, 23),
        "Hướng dẫn về tổ chức đảng bộ xã, phường, đặc khu trực thuộc tỉnh",
        "Guidance on the party committees of communes, wards and special zones under the province",
    ),
    "24-QĐ/TW": (
        "regulation",
        "other",
        None,
        "Quy định thi hành Điều lệ Đảng",
        "Regulation implementing the Party Charter",
    ),
}

STATEMENTS = {
    "R-OR-05": (
        "B",
        "Từ 1/7/2025 không còn cấp huyện: tổ chức đảng của loại đã kết thúc không tổ chức đại "
        "hội sau ngày kết thúc; đảng bộ xã, phường, đặc khu trực thuộc tỉnh.",
        "From 1/7/2025 there is no district level: an organization of a kind that ended holds no "
        "congress after that day; commune, ward and special-zone committees are under the "
        "province.",
    ),
    "R-OR-06": (
        "B",
        "Tổ chức đảng hợp nhất, sáp nhập tổ chức đại hội ngay; tổ chức mới hợp nhất có cấp ủy "
        "chỉ định.",
        "A merged organization holds its congress right away; newly merged organizations get "
        "appointed committees.",
    ),
    "R-WV-09": (
        "B",
        "Thí điểm đại hội bầu trực tiếp bí thư; chỉ bí thư được đại hội bầu trực tiếp.",
        "The pilot: the congress elects the secretary directly; only the secretary may be "
        "elected directly.",
    ),
    "R-EL-29": (
        "A6",
        "Cấp ủy triệu tập thông báo ngày khai mạc trước 30 ngày làm việc, phân bổ đại biểu và "
        "chuyển hồ sơ đại biểu cho ban thẩm tra tư cách.",
        "The convening committee announces the opening 30 working days ahead, allocates the "
        "delegates and hands their documents to the credentials committee.",
    ),
}

OR_05 = (
    "31-HD/BTCTW",
    "",
    "",
    "confirmed",
    "Cấp huyện kết thúc theo Nghị quyết 203/2025/QH15 (văn bản nhà nước). " + ARTICLE_UNVERIFIED,
)
OR_06 = (
    None,
    "",
    "",
    "unresolved",
    "Sổ quy tắc dẫn Kết luận 163-KL/TW (6/6/2025) và thực tiễn; văn bản chưa có trong bộ quy tắc: "
    "thêm văn bản và điều khoản trong trang quản trị.",
)

# term: rule id → (document symbol, article, article in English, status, note)
SOURCES = {
    "2020–2025": {
        "R-OR-05": OR_05,
        "R-OR-06": OR_06,
        "R-WV-09": ("35-CT/TW", "", "", "confirmed", "Thí điểm. " + ARTICLE_UNVERIFIED),
        "R-EL-29": (
            "24-QĐ/TW",
            "mục 11.1",
            "item 11.1",
            "confirmed",
            "QĐ 24-QĐ/TW (2021) thay QĐ 29-QĐ/TW trong nhiệm kỳ.",
        ),
    },
    "2025–2030": {
        "R-OR-05": OR_05,
        "R-OR-06": OR_06,
        "R-WV-09": (
            None,
            "",
            "",
            "unresolved",
            "Sổ quy tắc chỉ dẫn Chỉ thị 35-CT/TW (2019) cho thí điểm; chưa có văn bản của nhiệm "
            "kỳ 2025–2030.",
        ),
        "R-EL-29": (
            "294-QĐ/TW",
            "",
            "",
            "inferred",
            "Nguồn đã đọc là 24-QĐ/TW mục 11.1 (2021); 294-QĐ/TW thay thế nó. " + ARTICLE_UNVERIFIED,
        ),
    },
}


def _document(TermDocument, term, symbol):
    if symbol is None:
        return None
    document = TermDocument.objects.filter(term=term, symbol=symbol).first()
    if document is None and symbol in DOCUMENTS:
        kind, role, issued_on, title, title_en = DOCUMENTS[symbol]
        document = TermDocument.objects.create(
            term=term, symbol=symbol, kind=kind, role=role, issued_on=issued_on,
            title=title, title_en=title_en,
            order=TermDocument.objects.filter(term=term).count(),
        )  # fmt: skip
    return document


def seed(apps, schema_editor):
    Term = apps.get_model("congresses", "Term")
    TermDocument = apps.get_model("congresses", "TermDocument")
    TermRule = apps.get_model("congresses", "TermRule")
    for term in Term.objects.filter(name__in=SOURCES):
        for rule_id, (symbol, article, article_en, status, note) in SOURCES[term.name].items():
            if TermRule.objects.filter(term=term, rule_id=rule_id).exists():
                continue
            section, statement, statement_en = STATEMENTS[rule_id]
            TermRule.objects.create(
                term=term,
                rule_id=rule_id,
                section=section,
                document=_document(TermDocument, term, symbol),
                article=article,
                article_en=article_en,
                statement=statement,
                statement_en=statement_en,
                status=status,
                note=note,
            )


def unseed(apps, schema_editor):
    TermDocument = apps.get_model("congresses", "TermDocument")
    TermRule = apps.get_model("congresses", "TermRule")
    for term_name, rules in SOURCES.items():
        for rule_id in rules:
            TermRule.objects.filter(
                term__name=term_name, rule_id=rule_id, statement=STATEMENTS[rule_id][1]
            ).delete()
        for symbol, (kind, _role, _issued_on, title, _title_en) in DOCUMENTS.items():
            TermDocument.objects.filter(
                term__name=term_name, symbol=symbol, kind=kind, title=title, rules__isnull=True
            ).delete()


class Migration(migrations.Migration):
    dependencies = [("congresses", "0014_stage_transition_undone_by")]

    operations = [migrations.RunPython(seed, unseed)]
