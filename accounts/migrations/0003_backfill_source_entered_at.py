from django.db import migrations
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def backfill(apps, schema_editor):
    """Each change's source was entered by the account's previous change (the one before it in
    (at, id) order), or, for the first, when the account was opened."""
    StageChange = apps.get_model("accounts", "StageChange")
    Account = apps.get_model("accounts", "Account")
    previous = (
        StageChange.objects.filter(account=OuterRef("account"))
        .filter(Q(at__lt=OuterRef("at")) | Q(at=OuterRef("at"), id__lt=OuterRef("id")))
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    opened = Account.objects.filter(pk=OuterRef("account")).values("created_at")[:1]
    StageChange.objects.filter(source_entered_at__isnull=True).update(
        source_entered_at=Coalesce(Subquery(previous), Subquery(opened))
    )


def forget(apps, schema_editor):
    StageChange = apps.get_model("accounts", "StageChange")
    StageChange.objects.update(source_entered_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_stagechange_source_entered_at"),
    ]

    operations = [migrations.RunPython(backfill, forget)]
