"""The media parts of the account's transition guards.

Each is an accounts.lifecycle guard: it returns the reasons a person can act on, an empty
list when met. Imports of media's models are inside the
functions because accounts.models imports this module while it is being defined.
"""

from django.utils.translation import gettext as _

from accounts.lifecycle import guard


@guard
def media_booked_within_budget(account) -> list[str]:
    """`book_media`: every planned buy booked, and the booked total within the approved
    budget or covered by an AD's override."""
    from . import selectors

    reasons = []
    unbooked = selectors.unbooked_buys(account)
    if unbooked:
        reasons.append(
            _("Not every media buy is booked yet: %(buys)s.")
            % {"buys": "; ".join(str(buy) for buy in unbooked)}
        )
    total = selectors.booked_total(account)
    if total > account.budget and not selectors.override_covers(account, total):
        reasons.append(
            _(
                "The booked total %(total)s %(currency)s is over the approved budget "
                "%(budget)s %(currency)s, and no account director has overridden it."
            )
            % {"total": total, "budget": account.budget, "currency": account.currency}
        )
    return reasons


@guard
def effect_report_published(account) -> list[str]:
    """`invoice`: the effect report exists and the AE has published it."""
    from .models import EffectReport

    report = EffectReport.objects.filter(account=account).first()
    if report is None:
        return [_("The account has no effect report yet.")]
    if not report.is_published:
        return [_("The effect report has not been published yet.")]
    return []
