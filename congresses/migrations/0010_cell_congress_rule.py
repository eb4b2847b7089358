"""R-WV-10 in the rule packs (issue 15, item 4): cells hold their congress twice a term, the
mid-term one up to six months either side of the term's midpoint with the grassroots
committee's approval. Until now only the Term settings `cell_congresses_per_term` and
`mid_term_allowance_months` (0005) carried it; the rule now names them (`term_fields`) and its
source: the Party Charter of 2011, Art. 24 cl. 3 ("Đại hội chi bộ do chi ủy triệu tập năm năm
hai lần ... Khi được đảng ủy cơ sở đồng ý có thể triệu tập sớm hoặc muộn hơn, nhưng không quá
sáu tháng"), which the 2020 wave's Q&A quotes (docs/domain-rules.md S23). Adds the document
kind "Party Charter" and the Charter as a source of both terms.

2020–2025: confirmed [C: S23]. 2025–2030: the rule book's B2 does not restate it, and
Quy định 294-QĐ/TW of 2025 pilots a cell congress once every five years (S76): seeded
"unresolved", the settings unchanged (two congresses), for a person to decide.

A rule already in a pack (entered in the admin) and a document already there are kept.
"""

import datetime

from django.db import migrations, models

CHARTER = (
    "2011",
    "charter",
    "other",
    datetime.date(2011, 1, 19),
    "Điều lệ Đảng Cộng sản Việt Nam (Đại hội XI thông qua)",
    "Charter of the Communist Party of Vietnam (adopted by the 11th Congress)",
)

STATEMENT = (
    "Đại hội chi bộ năm năm hai lần; khi được đảng ủy cơ sở đồng ý có thể sớm hoặc muộn hơn "
    "nhưng không quá sáu tháng (đại hội giữa nhiệm kỳ trong khoảng giữa nhiệm kỳ ± 6 tháng).",
    "Cells hold their congress twice in five years; with the grassroots committee's approval "
    "up to six months earlier or later (the mid-term congress within the term's midpoint "
    "± 6 months).",
)

RULES = {
    "2020–2025": {"status": "confirmed", "note": ""},
    "2025–2030": {
        "status": "unresolved",
        "note": "Quy định 294-QĐ/TW (26/5/2025, hiệu lực 1/7/2025) thí điểm đại hội chi bộ "
        "5 năm một lần; sổ quy tắc chưa ghi cho nhiệm kỳ 2025–2030. Nếu thành phố áp dụng thí "
        "điểm, đặt “số đại hội của chi bộ mỗi nhiệm kỳ” của nhiệm kỳ là 1.",
    },
}


def seed(apps, schema_editor):
    Term = apps.get_model("congresses", "Term")
    TermDocument = apps.get_model("congresses", "TermDocument")
    TermRule = apps.get_model("congresses", "TermRule")
    symbol, kind, role, issued_on, title, title_en = CHARTER
    for term in Term.objects.filter(name__in=RULES):
        document = TermDocument.objects.filter(term=term, symbol=symbol).first()
        if document is None:
            document = TermDocument.objects.create(
                term=term, symbol=symbol, kind=kind, role=role, issued_on=issued_on,
                title=title, title_en=title_en,
                order=TermDocument.objects.filter(term=term).count(),
            )  # fmt: skip
        if TermRule.objects.filter(term=term, rule_id="R-WV-10").exists():
            continue
        TermRule.objects.create(
            term=term,
            rule_id="R-WV-10",
            section="B",
            document=document,
            article="khoản 3 Điều 24",
            article_en="Art. 24 cl. 3",
            statement=STATEMENT[0],
            statement_en=STATEMENT[1],
            term_fields=["cell_congresses_per_term", "mid_term_allowance_months"],
            **RULES[term.name],
        )


def unseed(apps, schema_editor):
    TermRule = apps.get_model("congresses", "TermRule")
    TermDocument = apps.get_model("congresses", "TermDocument")
    TermRule.objects.filter(term__name__in=RULES, rule_id="R-WV-10").delete()
    TermDocument.objects.filter(term__name__in=RULES, symbol=CHARTER[0], kind="charter").delete()


class Migration(migrations.Migration):
    dependencies = [("congresses", "0009_classification_and_commendation_rules")]

    operations = [
        migrations.AlterField(
            model_name="termdocument",
            name="kind",
            field=models.CharField(
                choices=[
                    ("regulation", "Regulation"),
                    ("directive", "Directive"),
                    ("guidance", "Guidance"),
                    ("conclusion", "Conclusion"),
                    ("charter", "Party Charter"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(seed, unseed),
    ]
