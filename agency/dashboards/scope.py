"""What a report is about: the visible data, narrowed by lead AE, client and a period.

A report never widens what the user sees: it starts from the apps' visibility functions and
only filters them further. The same parameters (`ae`, `client`, `from`, `to`) go to the
dashboard, its drill-down lists and CSV exports, and the API.
"""

import datetime as dt
from dataclasses import dataclass, replace
from functools import cached_property

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from accounts.selectors import (
    LISTED_ACCOUNTS_MAX,
    SeenAccounts,
    accounts_visible_to,
    of_visible_accounts,
    visible_account_ids,
)
from agency.filters import IdField
from agency.models import User

#: The default period: this month and the eleven before it.
DEFAULT_MONTHS = 12
#: The longest period a report covers (its months are rows and chart bars).
MAX_MONTHS = 36
STUCK_DAYS = 30
QUIET_DAYS = 14


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """Whole local days from `start` to `end`, both included."""

    start: dt.date
    end: dt.date

    @property
    def months(self) -> list[dt.date]:
        first, last = month_start(self.start), month_start(self.end)
        months = [first]
        while months[-1] < last:
            months.append(add_months(months[-1], 1))
        return months

    @property
    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) as aware datetimes of the current time zone, for datetime columns."""
        zone = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return start, end


def default_period(today: dt.date) -> Period:
    return Period(add_months(month_start(today), 1 - DEFAULT_MONTHS), today)


@dataclass(frozen=True)
class Scope:
    """The filters of one report, as of `today` (local date) and `now`."""

    user: User
    period: Period
    now: dt.datetime
    ae: int | None = None
    client: int | None = None
    stuck_days: int = STUCK_DAYS
    quiet_days: int = QUIET_DAYS

    @property
    def today(self) -> dt.date:
        return timezone.localdate(self.now)

    @cached_property
    def seen(self) -> SeenAccounts | None:
        """The ids of the accounts the user sees, read once per report and handed to the
        apps' visibility functions (`seen=`), which then name them instead of working the
        visibility out again; None: every account, or too many to name (see
        accounts.selectors.visible_account_ids)."""
        return visible_account_ids(self.user, at_most=LISTED_ACCOUNTS_MAX)

    def narrow(self, queryset: QuerySet, account_path: str = "") -> QuerySet:
        """Filter rows of an account (`account_path` leads from the row to it) by lead AE and
        client: the rows a visibility function gave (with `seen=self.seen`)."""
        conditions = {}
        if self.ae:
            conditions[f"{account_path}lead_ae_id"] = self.ae
        if self.client:
            conditions[f"{account_path}client_id"] = self.client
        return queryset.filter(**conditions)

    def visible_accounts(self) -> QuerySet[Account]:
        """Every account the user sees, whatever the lead AE and client. Once their ids are
        read (`seen`), by those ids alone: the same rows, without working the visibility out
        again in every query."""
        if self.seen is None:
            return accounts_visible_to(self.user)
        return Account.objects.filter(of_visible_accounts(self.user, "pk", self.seen))

    def accounts(self) -> QuerySet[Account]:
        """The accounts in scope."""
        return self.narrow(self.visible_accounts(), "")

    def of_accounts(self, queryset: QuerySet, account_path: str = "account__") -> QuerySet:
        """Rows seen through their account alone (its stage changes): those of the accounts
        in scope, by the accounts' ids when read (an index probe per account, where "IN (a
        subquery)" had PostgreSQL hash the whole table)."""
        if self.seen is None:
            return queryset.filter(**{f"{account_path}in": self.accounts()})
        seen = of_visible_accounts(self.user, account_path.removesuffix("__"), self.seen)
        return self.narrow(queryset.filter(seen), account_path)

    def params(self) -> dict[str, str]:
        """The query parameters that rebuild this scope (what drill-down links keep)."""
        params = {"from": self.period.start.isoformat(), "to": self.period.end.isoformat()}
        if self.ae:
            params["ae"] = str(self.ae)
        if self.client:
            params["client"] = str(self.client)
        if self.stuck_days != STUCK_DAYS:
            params["stuck_days"] = str(self.stuck_days)
        if self.quiet_days != QUIET_DAYS:
            params["quiet_days"] = str(self.quiet_days)
        return params

    def query(self, **extra) -> str:
        return urlencode({**self.params(), **{k: v for k, v in extra.items() if v is not None}})

    def list_query(self, *, ae_as: str = "ae", **extra) -> str:
        """Parameters for the apps' own lists (the account and invoice lists): lead AE (as
        `ae_as`: the account list calls it `lead_ae`) and client, then `extra` (a list value
        repeats its parameter)."""
        params = {}
        if self.ae:
            params[ae_as] = self.ae
        if self.client:
            params["client"] = self.client
        extra = {k: v for k, v in extra.items() if v not in (None, "")}
        return urlencode({**params, **extra}, doseq=True)

    def but(self, **changes) -> "Scope":
        """The same scope with some filters changed (a row's AE for its drill-down)."""
        return replace(self, **changes)


class ScopeForm(forms.Form):
    """Parses the report parameters; the dashboard shows it as its filter bar."""

    # Ids a database column holds: a larger one is a form error, not an overflow (500).
    ae = IdField(required=False, min_value=1, label=_("Lead AE"))
    client = IdField(required=False, min_value=1, label=_("Client"))
    start = forms.DateField(required=False, label=_("From"))
    end = forms.DateField(required=False, label=_("To"))
    stuck_days = forms.IntegerField(
        required=False, min_value=1, max_value=3650, label=_("Stuck after (days)")
    )
    quiet_days = forms.IntegerField(
        required=False, min_value=1, max_value=3650, label=_("No client contact for (days)")
    )

    def __init__(self, data=None, *, today: dt.date | None = None, **kwargs):
        # `from` and `to` are the parameters' names; they are Python keywords, so renamed.
        if data is not None:
            data = {k: v for k, v in data.items() if k not in ("from", "to")} | {
                "start": data.get("from", ""),
                "end": data.get("to", ""),
            }
        super().__init__(data, **kwargs)
        self.today = today or timezone.localdate()

    def clean(self):
        """The period: the given days, or the last twelve months up to the end (today)."""
        cleaned = super().clean()
        default = default_period(self.today)
        end = cleaned.get("end") or default.end
        start = cleaned.get("start") or add_months(month_start(end), 1 - DEFAULT_MONTHS)
        if end < start:
            raise forms.ValidationError(_("The period ends before it starts."))
        if len(Period(start, end).months) > MAX_MONTHS:
            raise forms.ValidationError(
                _("A period covers %(n)s months at most.") % {"n": MAX_MONTHS}
            )
        cleaned["period"] = Period(start, end)
        return cleaned

    def scope(self, user: User, now: dt.datetime | None = None) -> Scope:
        """The scope the valid parameters describe (the defaults when they are not valid)."""
        now = now or timezone.now()
        data = self.cleaned_data if self.is_valid() else {}
        return Scope(
            user=user,
            period=data.get("period") or default_period(timezone.localdate(now)),
            now=now,
            ae=data.get("ae"),
            client=data.get("client"),
            stuck_days=data.get("stuck_days") or STUCK_DAYS,
            quiet_days=data.get("quiet_days") or QUIET_DAYS,
        )
