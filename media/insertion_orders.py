"""The insertion order per outlet (排期单): one document for everything an account has booked
on one outlet, the way a vendor wants it — every placement with its flight, cost, commission
and net, and the totals to invoice against. The per-buy order (media.documents) stays for a
single placement.

An order exists while the account has booked (or running, completed, reconciled) buys on the
outlet; otherwise there is nothing to print and the pages and the API answer 404, as they do
for an account the reader does not see. media.documents renders it.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Account
from accounts.selectors import accounts_visible_to
from agency.models import User

from .models import BOOKED_STATUSES, MediaBuy, MediaOutlet

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class OutletOrder:
    account: Account
    outlet: MediaOutlet
    buys: list[MediaBuy]

    @property
    def number(self) -> str:
        """IO-<account>-<outlet>: stable, so the vendor quotes the same number every time."""
        return f"IO-{self.account.pk:06d}-{self.outlet.pk:04d}"

    @property
    def gross(self) -> Decimal:
        return sum((buy.gross for buy in self.buys), ZERO)

    @property
    def commission(self) -> Decimal:
        return sum((buy.commission for buy in self.buys), ZERO)

    @property
    def net(self) -> Decimal:
        return sum((buy.net for buy in self.buys), ZERO)


def outlet_order(*, user: User, account_id: int, outlet_id: int) -> OutletOrder:
    """The order of `outlet_id` on an account the user sees; Http404 when the account is not
    visible or nothing is booked on that outlet. Two queries."""
    account = get_object_or_404(accounts_visible_to(user).select_related("client"), pk=account_id)
    buys = list(
        account.media_buys.filter(outlet_id=outlet_id, status__in=BOOKED_STATUSES)
        .select_related("outlet", "booked_by")
        .order_by("flight_start", "id")
    )
    if not buys:
        raise Http404("Nothing is booked on this outlet for this account.")
    return OutletOrder(account=account, outlet=buys[0].outlet, buys=buys)


def outlet_orders_of(buys: list[MediaBuy]) -> list[OutletOrder]:
    """The per-outlet orders among an account's buys (already loaded, with their outlet), in
    the order of each outlet's first booked flight: the media page's links."""
    by_outlet: dict[int, list[MediaBuy]] = {}
    for buy in buys:
        if buy.is_booked:
            by_outlet.setdefault(buy.outlet_id, []).append(buy)
    return [
        OutletOrder(account=booked[0].account, outlet=booked[0].outlet, buys=booked)
        for booked in by_outlet.values()
    ]
