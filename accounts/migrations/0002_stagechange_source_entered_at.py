from django.db import migrations, models


class Migration(migrations.Migration):
    """When the account entered the stage a change leaves: the time spent there is then a
    column difference, averaged per stage by the dashboards."""

    dependencies = [
        ("accounts", "0001_clients_and_accounts"),
    ]

    operations = [
        migrations.AddField(
            model_name="stagechange",
            name="source_entered_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="in the source stage since"
            ),
        ),
    ]
