"""Row counts kept by PostgreSQL triggers (agency.kept_counts): the table, its triggers, and
each kept table counted once. Nothing but the table on other databases."""

from django.db import migrations, models


def install(apps, schema_editor):
    from agency import kept_counts

    kept_counts.install()


def uninstall(apps, schema_editor):
    from agency import kept_counts

    if schema_editor.connection.vendor != "postgresql":
        return
    for table in kept_counts.KEPT:
        for change in ("inserted", "deleted", "truncated"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_count_{change} ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS agency_keep_count()")


class Migration(migrations.Migration):
    dependencies = [
        ("agency", "0005_client_contact_logins"),
        ("billing", "0006_receivables_aging_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="KeptCount",
            fields=[
                (
                    "table_name",
                    models.CharField(max_length=63, primary_key=True, serialize=False),
                ),
                ("rows", models.BigIntegerField()),
            ],
        ),
        migrations.RunPython(install, uninstall),
    ]
