"""What "the database is unchanged" means for the access checks: every row that belongs to
"our" account, read before and after, compared field by field."""

from django.apps import apps
from django.contrib.sessions.models import Session

from .world import World

#: (model, lookup from the model to our account). A new model about an account joins here.
OURS = [
    ("accounts.Client", "accounts"),
    ("accounts.Contact", "client__accounts"),
    ("accounts.Account", None),
    ("accounts.StageChange", "account"),
    ("campaigns.Brief", "account"),
    ("campaigns.TeamMember", "account"),
    ("campaigns.Task", "account"),
    ("campaigns.TaskStatusChange", "task__account"),
    ("campaigns.Milestones", "account"),
    ("campaigns.Meeting", "account"),
    ("campaigns.ContactReport", "account"),
    ("campaigns.Communication", "account"),
    ("campaigns.Proposal", "account"),
    ("campaigns.ProposalChange", "proposal__account"),
    ("campaigns.ProposalSection", "proposal__account"),
    ("campaigns.BudgetLine", "proposal__account"),
    ("media.MediaBuy", "account"),
    ("media.BuyStatusChange", "media_buy__account"),
    ("media.BudgetOverride", "account"),
    ("media.Delivery", "media_buy__account"),
    ("media.EffectReport", "account"),
    ("billing.Invoice", "account"),
    ("billing.InvoiceLine", "invoice__account"),
    ("billing.Payment", "invoice__account"),
    ("billing.BillingEvent", "invoice__account"),
    ("billing.InvoiceDispatch", "invoice__account"),
]


def ours(world: World) -> dict:
    """Every row of our account, by model."""
    snapshot = {}
    for label, lookup in OURS:
        model = apps.get_model(label)
        rows = model.objects.filter(**{lookup or "pk": world.account.pk}).distinct()
        snapshot[label] = list(rows.order_by("pk").values())
    notifications = apps.get_model("agency.Notification").objects.filter(
        recipient=world.users["ae"]
    )
    snapshot["agency.Notification"] = list(notifications.order_by("pk").values())
    return snapshot


#: Rows that change on every request by design: the session (renewed: idle timeout) and
#: django-axes' access log.
CHURN = {Session._meta.label, "axes.AccessLog", "axes.AccessAttempt", "axes.AccessFailureLog"}


def everything() -> dict:
    """Every row of every model but CHURN: for "no GET changes data"."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.label not in CHURN and not model._meta.proxy
    }


def diff(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after.get(label)]
