"""Classification periods get the English names of their regulation and exemplary title
(issue 19, item 7: an English PDF prints them in English, as the organization kinds'
`name_en`). Filled in place for the periods seeded by 0002 and for any period whose texts are
made of the regulations' usual parts; a text it cannot read stays empty (the Vietnamese is
then printed)."""

from django.db import migrations, models

EXEMPLARY_VI = "Trong sạch, vững mạnh tiêu biểu"
EXEMPLARY_EN = "Exemplary clean and strong"

# The kinds of party document a regulation text names, in the order a part starts with them.
DOCUMENT_WORDS = {
    "Quy định": "Regulation",
    "Hướng dẫn": "Guidance",
    "Quyết định": "Decision",
    "Chỉ thị": "Directive",
    "Kết luận": "Conclusion",
    "Nghị quyết": "Resolution",
}


def regulation_in_english(text):
    """"Quy định 132-QĐ/TW (2018), Hướng dẫn 21-HD/BTCTW (2019)" → "Regulation 132-QĐ/TW
    (2018), Guidance 21-HD/BTCTW (2019)" (the number and symbol are kept); "" when a part does
    not start with a known kind of document."""
    parts = []
    for part in (piece.strip() for piece in text.split(",")):
        word = next((w for w in DOCUMENT_WORDS if part.startswith(w + " ")), None)
        if word is None:
            return ""
        parts.append(DOCUMENT_WORDS[word] + part[len(word) :])
    return ", ".join(parts)


def fill(apps, schema_editor):
    Period = apps.get_model("recognition", "Period")
    rows = list(Period.objects.only("pk", "regulation", "exemplary_label"))
    for row in rows:
        row.regulation_en = regulation_in_english(row.regulation) if row.regulation else ""
        row.exemplary_label_en = EXEMPLARY_EN if row.exemplary_label == EXEMPLARY_VI else ""
    Period.objects.bulk_update(rows, ["regulation_en", "exemplary_label_en"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("recognition", "0003_commendation_proposed_on"),
    ]

    operations = [
        migrations.AddField(
            model_name="period",
            name="regulation_en",
            field=models.CharField(
                blank=True, max_length=120, verbose_name="regulation in English"
            ),
        ),
        migrations.AddField(
            model_name="period",
            name="exemplary_label_en",
            field=models.CharField(
                blank=True, default="", max_length=120, verbose_name="exemplary title in English"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="period",
            name="exemplary_label_en",
            field=models.CharField(
                blank=True,
                default="Exemplary clean and strong",
                help_text=(
                    "Change it with the exemplary title when a province words that differently."
                ),
                max_length=120,
                verbose_name="exemplary title in English",
            ),
        ),
    ]
