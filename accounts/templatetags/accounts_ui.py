"""How accounts look on a page: stage badges, money, days in a stage, transition names."""

from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django import template
from django.utils import timezone

from accounts.models import Account, Stage

register = template.Library()

#: Bootstrap colour of each stage's badge: the main line moves from grey through blue
#: (planning), amber (production and media) to green (live, paid); side stages stand out.
STAGE_COLOURS = {
    Stage.FIRST_CONTACT: "secondary",
    Stage.BRIEFED: "info",
    Stage.TEAM_FORMED: "info",
    Stage.PLANNING: "primary",
    Stage.PROPOSAL_PRESENTED: "primary",
    Stage.APPROVED: "success",
    Stage.IN_PRODUCTION: "warning",
    Stage.MEDIA_BOOKED: "warning",
    Stage.RUNNING: "success",
    Stage.EVALUATING: "info",
    Stage.INVOICED: "warning",
    Stage.COLLECTED: "success",
    Stage.ON_HOLD: "secondary",
    Stage.LOST: "danger",
    Stage.CANCELLED: "dark",
}

CURRENCY_SYMBOLS = {"CNY": "¥", "JPY": "¥", "USD": "$", "HKD": "HK$", "EUR": "€", "GBP": "£"}


@register.filter
def stage_label(code: str) -> str:
    try:
        return Stage(code).label
    except ValueError:
        return code


@register.filter
def stage_colour(code: str) -> str:
    return STAGE_COLOURS.get(code, "secondary")


@register.inclusion_tag("accounts/_stage_badge.html")
def stage_badge(code: str, element_id: str = ""):
    colour = stage_colour(code)
    return {"code": code, "label": stage_label(code), "colour": colour, "id": element_id}


@register.filter
def money(amount, currency: str = "") -> str:
    """`¥1,234,567.50 CNY`-style: grouped thousands, two decimals, half up (display only)."""
    if amount in (None, ""):
        return "—"
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    symbol = CURRENCY_SYMBOLS.get(currency, "")
    sign = "-" if value < 0 else ""
    text = f"{sign}{symbol}{abs(value):,.2f}"
    return f"{text} {currency}" if currency else text


@register.filter
def days_since(moment) -> int:
    if moment is None:
        return 0
    return max((timezone.now() - moment).days, 0)


@cache
def _transition_labels() -> dict:
    field = Account._meta.get_field("stage")
    return {t.name: t.custom.get("label", t.name) for t in field.get_all_transitions(Account)}


@register.filter
def transition_label(name: str) -> str:
    return str(_transition_labels().get(name, name))


@register.filter
def initials(user) -> str:
    """Up to two letters for an avatar: first and last name, or the username."""
    if user is None:
        return "?"
    parts = [user.first_name, user.last_name] if user.first_name else [user.username]
    return "".join(p[:1] for p in parts if p).upper() or "?"


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key, "")


#: Button colour of a transition: the way forward is primary, leaving the main line is not.
TRANSITION_STYLES = {
    "lose": "danger",
    "cancel": "danger",
    "hold": "secondary",
    "request_revision": "secondary",
}


@register.filter
def transition_style(name: str) -> str:
    return TRANSITION_STYLES.get(name, "primary")
