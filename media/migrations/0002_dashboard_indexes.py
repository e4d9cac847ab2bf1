from django.db import migrations, models


class Migration(migrations.Migration):
    """Index for the dashboards' media figures (see the comment in media.models)."""

    dependencies = [
        ("media", "0001_outlets_buys_deliveries"),
    ]

    operations = [
        # Spend delivered per month: delivery dates in a period.
        migrations.AddIndex(
            model_name="delivery",
            index=models.Index(fields=["date"], name="delivery_date_idx"),
        ),
    ]
