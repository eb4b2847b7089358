"""More than one congress per organization in a term (issue 15, item 6): each congress has an
occasion, every existing congress becomes the regular congress of its term (the column's
default fills the rows in place), and the one-congress-per-term constraint becomes one per
occasion (the extraordinary congress may repeat). The terms get the R-WV-10 settings.

Reversible while every organization still has one congress per term: migrating back restores
the old constraint, which refuses a second congress."""

from django.db import migrations, models

OCCASIONS = [
    ("regular", "Term congress"),
    ("mid_term", "Mid-term cell congress"),
    ("merger", "Congress after a merger"),
    ("extraordinary", "Extraordinary congress"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("congresses", "0004_effective_dates"),
    ]

    operations = [
        migrations.AddField(
            model_name="congress",
            name="occasion",
            field=models.CharField(
                choices=OCCASIONS, default="regular", max_length=20, verbose_name="occasion"
            ),
        ),
        migrations.AddField(
            model_name="congress",
            name="occasion_reason",
            field=models.TextField(blank=True, verbose_name="reason"),
        ),
        migrations.AddField(
            model_name="term",
            name="cell_congresses_per_term",
            field=models.PositiveSmallIntegerField(
                default=2, verbose_name="congresses of a cell per term"
            ),
        ),
        migrations.AddField(
            model_name="term",
            name="mid_term_allowance_months",
            field=models.PositiveSmallIntegerField(
                default=6,
                verbose_name="mid-term congress: months allowed either side of the midpoint",
            ),
        ),
        migrations.AddConstraint(
            model_name="congress",
            constraint=models.UniqueConstraint(
                condition=models.Q(("occasion", "regular")),
                fields=("term", "organization"),
                name="one_regular_congress_per_term",
            ),
        ),
        migrations.AddConstraint(
            model_name="congress",
            constraint=models.UniqueConstraint(
                condition=models.Q(("occasion", "mid_term")),
                fields=("term", "organization"),
                name="one_mid_term_congress_per_term",
            ),
        ),
        migrations.AddConstraint(
            model_name="congress",
            constraint=models.UniqueConstraint(
                condition=models.Q(("occasion", "merger")),
                fields=("term", "organization"),
                name="one_merger_congress_per_term",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="congress",
            name="one_congress_per_term",
        ),
        migrations.AlterModelOptions(
            name="congress",
            options={
                "ordering": ["org_path", "ordinal"],
                "verbose_name": "congress",
                "verbose_name_plural": "congresses",
            },
        ),
    ]
