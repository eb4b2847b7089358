"""Rules the refusals of the congress day cite (issue 15, item 4: "every warning and refusal
names its rule id and source document and article") that the packs did not hold yet, with the
source docs/domain-rules.md gives them:

* R-EL-05, the counting committee: 244-QĐ/TW Art. 7 (2020–2025), 190-QĐ/TW Art. 8 (2025–2030)
  [C: S7, S8].
* R-EL-25, a cell's committee and secretary: 29-QĐ/TW item 24 (2020–2025) [C: S13]; 2025–2030
  its successor 294-QĐ/TW, the item not read.
* R-EL-26, a grassroots committee's standing committee: the Party Charter, Art. 22 [C: S14].
* R-EL-28, probationary members do not vote, nominate or stand: the Party Charter, article not
  given [I — Charter rule].
* R-EL-32, delegate allocation: 29-QĐ/TW item 11.2 (2020–2025) [C: S17, S13]; 2025–2030 its
  successor 294-QĐ/TW, the item not read (the chain 29 → 24 → 294 is [I]).
* R-EL-33, the number of delegates to the higher congress is not voted, and alternates in their
  order: 244-QĐ/TW Art. 20 (2020–2025) [C: S12]; 2025–2030 190-QĐ/TW, the article not read.

An empty article is one the rule book does not give (to fill in from the document, in the
admin). A rule already in a pack (entered in the admin) is kept; a term without the source
document (entered by hand) gets the rule without a source, cited by its id alone.
"""

from django.db import migrations

ARTICLE_UNVERIFIED = "Điều khoản chưa đối chiếu với văn bản gốc; điền trong trang quản trị."

STATEMENTS = {
    "R-EL-05": (
        "A6",
        "Ban kiểm phiếu gồm đảng viên chính thức (đại biểu chính thức) không có tên trong danh "
        "sách bầu cử; người trong ban kiểm phiếu không được ứng cử trong đại hội.",
        "The counting committee's members are official members (delegates) not on any list; "
        "no one on it stands in an election of the congress.",
    ),
    "R-EL-25": (
        "A5",
        "Chi bộ có từ 9 đảng viên chính thức bầu chi ủy (không quá 7), rồi bí thư, phó bí thư; "
        "dưới 9 chỉ bầu bí thư (và phó bí thư nếu cần).",
        "A cell of 9 or more official members elects a committee of at most 7, then its "
        "secretary and deputy; a smaller cell elects only a secretary (and a deputy if needed).",
    ),
    "R-EL-26": (
        "A5",
        "Đảng ủy cơ sở có từ 9 cấp ủy viên bầu ban thường vụ; dưới 9 chỉ bầu bí thư, phó bí thư.",
        "A grassroots committee of 9 or more members elects a standing committee; a smaller "
        "one elects only the secretary and deputies.",
    ),
    "R-EL-28": (
        "A5",
        "Đảng viên dự bị dự đại hội nhưng không biểu quyết, không ứng cử, đề cử, bầu cử.",
        "Probationary members attend but do not vote, nominate or stand.",
    ),
    "R-EL-32": (
        "A7",
        "Cấp ủy triệu tập phân bổ số đại biểu (trong mức tối đa) cho các tổ chức trực thuộc; "
        "đại biểu đương nhiên, được bầu hoặc được chỉ định.",
        "The convening committee allocates the delegates (within the cap) to the subordinate "
        "organizations; delegates are ex officio, elected or appointed.",
    ),
    "R-EL-33": (
        "A7",
        "Đại hội không biểu quyết số lượng đại biểu đi dự đại hội cấp trên; đại biểu dự khuyết "
        "thay đại biểu chính thức vắng mặt theo thứ tự.",
        "The congress does not vote on the number of delegates to the higher congress; "
        "alternates replace an absent official delegate in their order.",
    ),
}

# term: rule id → (document symbol, article, article in English, status, note)
SOURCES = {
    "2020–2025": {
        "R-EL-05": ("244-QĐ/TW", "Điều 7", "Art. 7", "confirmed", ""),
        "R-EL-25": ("29-QĐ/TW", "mục 24", "item 24", "confirmed", ""),
        "R-EL-26": ("2011", "Điều 22", "Art. 22", "confirmed", ""),
        "R-EL-28": ("2011", "", "", "inferred", "Quy định của Điều lệ. " + ARTICLE_UNVERIFIED),
        "R-EL-32": ("29-QĐ/TW", "mục 11.2", "item 11.2", "confirmed", ""),
        "R-EL-33": (
            "244-QĐ/TW",
            "Điều 20",
            "Art. 20",
            "confirmed",
            "Dự khuyết thay người của cùng tổ chức: thực tiễn [I].",
        ),
    },
    "2025–2030": {
        "R-EL-05": ("190-QĐ/TW", "Điều 8", "Art. 8", "confirmed", ""),
        "R-EL-25": (
            "294-QĐ/TW",
            "",
            "",
            "inferred",
            "Nguồn đã đọc là 29-QĐ/TW mục 24 (2016); 294-QĐ/TW thay thế nó. " + ARTICLE_UNVERIFIED,
        ),
        "R-EL-26": ("2011", "Điều 22", "Art. 22", "confirmed", ""),
        "R-EL-28": ("2011", "", "", "inferred", "Quy định của Điều lệ. " + ARTICLE_UNVERIFIED),
        "R-EL-32": (
            "294-QĐ/TW",
            "",
            "",
            "inferred",
            "Nguồn đã đọc là 29-QĐ/TW mục 11.2 (2016); 294-QĐ/TW thay thế nó. "
            + ARTICLE_UNVERIFIED,
        ),
        "R-EL-33": (
            "190-QĐ/TW",
            "",
            "",
            "inferred",
            "Nguồn đã đọc là 244-QĐ/TW Điều 20. " + ARTICLE_UNVERIFIED,
        ),
    },
}


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
                document=TermDocument.objects.filter(term=term, symbol=symbol).first(),
                article=article,
                article_en=article_en,
                statement=statement,
                statement_en=statement_en,
                status=status,
                note=note,
            )


def unseed(apps, schema_editor):
    TermRule = apps.get_model("congresses", "TermRule")
    for term_name, rules in SOURCES.items():
        for rule_id in rules:
            TermRule.objects.filter(
                term__name=term_name, rule_id=rule_id, statement=STATEMENTS[rule_id][1]
            ).delete()


class Migration(migrations.Migration):
    dependencies = [("congresses", "0012_tie_revote_parameter")]

    operations = [migrations.RunPython(seed, unseed)]
