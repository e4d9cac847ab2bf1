"""Budget lines written before they had a department: the ones that name media become media
lines, so that invoicing an accepted proposal never bills its media share a second time
next to the booked buys (billing.billable). The rest stay without a department (invoiced as
"other" until someone says better)."""

from django.db import migrations
from django.db.models import Q

#: How budget lines have named media, in the two languages the agency writes.
MEDIA_WORDS = ("media", "媒介", "媒体")


def mark_media_lines(apps, schema_editor):
    BudgetLine = apps.get_model("campaigns", "BudgetLine")
    names_media = Q()
    for word in MEDIA_WORDS:
        names_media |= Q(description__icontains=word)
    BudgetLine.objects.filter(names_media, department="").update(department="media")


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0005_budget_line_department")]

    operations = [migrations.RunPython(mark_media_lines, migrations.RunPython.noop)]
