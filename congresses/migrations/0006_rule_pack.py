# Issue 15, item 4: rule packs per term (schema; the packs are seeded by 0007).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("congresses", "0005_congress_occasion"),
    ]

    operations = [
        migrations.AlterField(
            model_name="congress",
            name="content",
            field=models.CharField(
                choices=[
                    ("four", "Four contents"),
                    ("three", "Three contents (committee appointed)"),
                    ("two", "Two contents (committee appointed)"),
                ],
                default="four",
                max_length=10,
                verbose_name="content",
            ),
        ),
        migrations.CreateModel(
            name="TermDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("regulation", "Regulation"),
                            ("directive", "Directive"),
                            ("guidance", "Guidance"),
                            ("conclusion", "Conclusion"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "symbol",
                    models.CharField(
                        help_text="190-QĐ/TW", max_length=40, verbose_name="number and symbol"
                    ),
                ),
                ("title", models.CharField(max_length=255, verbose_name="title")),
                (
                    "title_en",
                    models.CharField(blank=True, max_length=255, verbose_name="title in English"),
                ),
                ("issued_on", models.DateField(blank=True, null=True, verbose_name="issued on")),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("election_regulation", "Election regulation"),
                            ("election_guidance", "Guidance on the election regulation"),
                            ("wave_directive", "Directive on the congress wave"),
                            ("wave_guidance", "Guidance on the congress wave"),
                            ("classification", "Quality classification"),
                            ("other", "Other"),
                        ],
                        max_length=30,
                        verbose_name="role",
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                (
                    "term",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="documents",
                        to="congresses.term",
                        verbose_name="term",
                    ),
                ),
            ],
            options={
                "verbose_name": "source document",
                "verbose_name_plural": "source documents",
                "ordering": ["term", "order", "symbol"],
            },
        ),
        migrations.CreateModel(
            name="TermRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "rule_id",
                    models.CharField(help_text="R-WV-15", max_length=20, verbose_name="rule"),
                ),
                (
                    "section",
                    models.CharField(
                        choices=[
                            ("A3", "A3. Candidate list and slate size"),
                            ("A5", "A5. Who is elected"),
                            ("A6", "A6. Other congress-procedure rules"),
                            ("A7", "A7. Delegates and the session"),
                            ("B", "B. Congress wave guidance"),
                            ("C", "C. Quality classification"),
                        ],
                        max_length=20,
                        verbose_name="section",
                    ),
                ),
                ("statement", models.TextField(verbose_name="statement")),
                ("statement_en", models.TextField(blank=True, verbose_name="statement in English")),
                (
                    "article",
                    models.CharField(blank=True, max_length=120, verbose_name="article or section"),
                ),
                (
                    "article_en",
                    models.CharField(
                        blank=True, max_length=120, verbose_name="article or section in English"
                    ),
                ),
                (
                    "parameters",
                    models.JSONField(blank=True, default=dict, verbose_name="parameters"),
                ),
                (
                    "term_fields",
                    models.JSONField(blank=True, default=list, verbose_name="term settings used"),
                ),
                (
                    "level_fields",
                    models.JSONField(
                        blank=True, default=list, verbose_name="level rule settings used"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("confirmed", "Confirmed"),
                            ("inferred", "Inferred — to verify"),
                            ("unresolved", "Unresolved — a person decides"),
                        ],
                        default="confirmed",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
                ("in_force", models.BooleanField(default=True, verbose_name="in force")),
                (
                    "document",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="rules",
                        to="congresses.termdocument",
                        verbose_name="source document",
                    ),
                ),
                (
                    "term",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rules",
                        to="congresses.term",
                        verbose_name="term",
                    ),
                ),
            ],
            options={
                "verbose_name": "rule of the term",
                "verbose_name_plural": "rules of the term",
                "ordering": ["term", "section", "rule_id"],
            },
        ),
        migrations.AddConstraint(
            model_name="termdocument",
            constraint=models.UniqueConstraint(
                fields=("term", "symbol"), name="one_document_per_term_symbol"
            ),
        ),
        migrations.AddConstraint(
            model_name="termrule",
            constraint=models.UniqueConstraint(
                fields=("term", "rule_id"), name="one_rule_entry_per_term"
            ),
        ),
    ]
