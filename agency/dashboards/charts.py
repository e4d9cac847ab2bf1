"""What each chart draws, as JSON for static/js/dashboard.js (read from json_script: no
inline script). Amounts are strings with two places (never floats); a chart shows one
currency, the agency's own when present; the table beside it shows every currency."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import PIPELINE
from billing.selectors import BUCKET_LABELS, BUCKETS

from .reports import Dashboard
from .tables import currencies_of


def _money(amounts: dict, currency: str) -> str:
    return f"{amounts.get(currency, 0):.2f}"


def _month(month) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


def funnel(dashboard: Dashboard) -> dict:
    stages = [s for s in dashboard.pipeline.stages if s.stage in PIPELINE]
    return {
        "kind": "bar",
        "horizontal": True,
        "integer": True,
        "labels": [s.label for s in stages],
        "series": [{"label": _("Accounts"), "values": [str(s.accounts) for s in stages]}],
    }


def stage_times(dashboard: Dashboard) -> dict:
    rows = [r for r in dashboard.pipeline.stage_times if r.average_days is not None]
    return {
        "kind": "bar",
        "horizontal": True,
        "labels": [r.label for r in rows],
        "series": [{"label": _("Average days"), "values": [str(r.average_days) for r in rows]}],
    }


def departments(dashboard: Dashboard) -> dict:
    rows = dashboard.workload.departments
    return {
        "kind": "bar",
        "integer": True,
        "labels": [r.name for r in rows],
        "series": [
            {"label": pgettext("tasks", "Open"), "values": [str(r.open) for r in rows]},
            {"label": _("Overdue"), "values": [str(r.overdue) for r in rows]},
        ],
    }


def money(dashboard: Dashboard) -> dict:
    months = dashboard.revenue.months
    (currency, *_rest) = currencies_of(
        *(m.invoiced for m in months), *(m.collected for m in months)
    )
    return {
        "kind": "bar",
        "currency": currency,
        "labels": [_month(m.month) for m in months],
        "series": [
            {
                "label": pgettext("money", "Invoiced"),
                "values": [_money(m.invoiced, currency) for m in months],
            },
            {
                "label": pgettext("money", "Collected"),
                "values": [_money(m.collected, currency) for m in months],
            },
        ],
    }


def aging(dashboard: Dashboard) -> dict:
    by_currency = {r.currency: r for r in dashboard.revenue.receivables}
    currency = currencies_of(by_currency)[0]
    row = by_currency.get(currency)
    return {
        "kind": "bar",
        "currency": currency,
        "labels": [str(BUCKET_LABELS[b]) for b in BUCKETS],
        "series": [
            {
                "label": _("Open balance"),
                "values": [f"{row.buckets[b]:.2f}" if row else "0.00" for b in BUCKETS],
            }
        ],
    }


def media(dashboard: Dashboard) -> dict:
    months = dashboard.revenue.media_months
    (currency, *_rest) = currencies_of(*(m.booked for m in months), *(m.delivered for m in months))
    return {
        "kind": "bar",
        "currency": currency,
        "labels": [_month(m.key) for m in months],
        "series": [
            {"label": _("Booked"), "values": [_money(m.booked, currency) for m in months]},
            {"label": _("Delivered"), "values": [_money(m.delivered, currency) for m in months]},
        ],
    }


def charts(dashboard: Dashboard) -> dict[str, dict]:
    return {
        "funnel": funnel(dashboard),
        "stage_times": stage_times(dashboard),
        "departments": departments(dashboard),
        "money": money(dashboard),
        "aging": aging(dashboard),
        "media": media(dashboard),
    }
