"""The report job takes its common fields from core.jobs.Job: the file's
`upload_to` becomes a callable giving the same directory, and the requester's reverse
accessor takes Django's default name. Neither is stored in the database: state only (on
SQLite, the `upload_to` change would otherwise rebuild the table)."""

import core.jobs
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0009_summary_narrative"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="reportjob",
                    name="file",
                    field=models.FileField(
                        blank=True, upload_to=core.jobs.job_file_path, verbose_name="file"
                    ),
                ),
                migrations.AlterField(
                    model_name="reportjob",
                    name="requested_by",
                    field=models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="requested by",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
