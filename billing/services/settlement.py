"""What a settled invoice does to its account: the system takes `collect`."""

from django.utils.translation import gettext as _

from accounts.models import Account, Stage
from accounts.services import take_transition
from agency.people import system_user
from billing.guards import no_open_balance


def collect_account_if_settled(account: Account) -> bool:
    """Take the account's `collect` as the system user when it is `invoiced` and no invoice
    is left open. Returns whether it did.

    Runs inside the payment's (or credit's) transaction, after the invoice row was changed.
    The account row is locked *before* looking at the other invoices: two final payments on
    two invoices of one account at the same moment then queue here, and the second one sees
    the first one's invoice paid — so the account is collected exactly once, never zero times.
    """
    account = Account.objects.select_for_update().get(pk=account.pk)
    if account.stage != Stage.INVOICED or no_open_balance.explain(account):
        return False
    take_transition(
        account=account, name="collect", by=system_user(), note=_("Every invoice is paid.")
    )
    return True
