"""The PDFs media produces: the insertion order of a booked buy, the insertion order of all
that an account booked on one outlet, and the effect report.

Rendered in the reader's language (their saved one, else the request's), outside any
transaction: no lock is held while WeasyPrint works. agency.pdf renders them (static files
only, bounded).
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Account
from agency import pdf
from agency.errors import DomainError
from agency.models import User

from . import selectors
from .models import MediaBuy

if TYPE_CHECKING:
    from .insertion_orders import OutletOrder


def _language(user: User) -> str:
    return user.language or translation.get_language() or settings.LANGUAGE_CODE


def _render(template: str, context: dict, user: User) -> bytes:
    with translation.override(_language(user)):
        html = render_to_string(
            template,
            {
                **context,
                "agency_name": settings.AGENCY_NAME,
                "issued_on": timezone.localdate(),
                "language": translation.get_language(),
            },
        )
    return pdf.write_pdf(html)


def insertion_order_pdf(buy: MediaBuy, user: User) -> bytes:
    """The insertion order (排期单) sent to the vendor. Only for a booked (or later) buy."""
    if not buy.is_booked:
        raise DomainError(_("An insertion order exists only for a booked buy."))
    context = {"buy": buy, "account": buy.account, "outlet": buy.outlet}
    return _render("media/pdf/insertion_order.html", context, user)


def outlet_insertion_order_pdf(order: "OutletOrder", user: User) -> bytes:
    """The insertion order of everything the account booked on one outlet
    (media.insertion_orders), in the reader's language."""
    context = {"order": order, "account": order.account, "outlet": order.outlet}
    return _render("media/pdf/outlet_insertion_order.html", context, user)


def effect_report_pdf(account: Account, user: User) -> bytes:
    with translation.override(_language(user)):  # the figures' labels too
        return _render("media/pdf/effect_report.html", effect_report_context(account), user)


def effect_report_context(account: Account) -> dict:
    """What the effect report shows, in the browser and in the PDF."""
    from campaigns.selectors import brief_of

    effects = selectors.effect_by_outlet(account)
    return {
        "account": account,
        "brief": brief_of(account),
        "report": selectors.effect_report_of(account),
        "effects": effects,
        "effect_total": selectors.effect_totals(effects),
        "chart_data": selectors.effect_chart_data(effects),
    }
