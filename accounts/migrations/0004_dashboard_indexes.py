from django.db import migrations, models


class Migration(migrations.Migration):
    """Indexes for the dashboards' pipeline figures (see the comments in accounts.models)."""

    dependencies = [
        ("accounts", "0003_backfill_source_entered_at"),
    ]

    operations = [
        # Accounts stuck in a stage since before a cutoff.
        migrations.AddIndex(
            model_name="account",
            index=models.Index(
                fields=["stage", "stage_entered_at"], name="account_stage_entered_idx"
            ),
        ),
        # Stage changes in a period: the average time per stage.
        migrations.AddIndex(
            model_name="stagechange",
            index=models.Index(fields=["at"], name="stagechange_at_idx"),
        ),
        # One transition's changes in a period: approvals and losses (win rate, lost reasons).
        migrations.AddIndex(
            model_name="stagechange",
            index=models.Index(fields=["transition", "at"], name="stagechange_transition_at_idx"),
        ),
    ]
