from django.db import migrations, models


class Migration(migrations.Migration):
    """Indexes for the dashboards' money figures (see the comments in billing.models)."""

    dependencies = [
        ("billing", "0002_postgresql_immutability_triggers"),
    ]

    operations = [
        # What was invoiced per month: issue dates in a period.
        migrations.AddIndex(
            model_name="invoice",
            index=models.Index(fields=["issue_date"], name="invoice_issue_date_idx"),
        ),
        # What was collected per month: dates received in a period.
        migrations.AddIndex(
            model_name="payment",
            index=models.Index(fields=["received_on"], name="payment_received_on_idx"),
        ),
    ]
