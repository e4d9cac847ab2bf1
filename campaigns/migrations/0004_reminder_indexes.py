"""Indexes the reminder sweep reads through: open tasks by due date, presentations by date."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0003_proposals"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="milestones",
            index=models.Index(fields=["presentation_date"], name="milestones_presentation_idx"),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(fields=["due_date", "status"], name="task_due_status_idx"),
        ),
    ]
