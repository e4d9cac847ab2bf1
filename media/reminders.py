"""Reminders about media: buys past their booking deadline, flights starting tomorrow; and
the automatic launch / start_evaluation, which every sweep runs first (a @job).

Each rule is one query over the buys' flight index, read in batches, with the recipients
joined from the account's team as it is now.
"""

from datetime import datetime, timedelta
from itertools import groupby

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import OPEN_STAGES
from agency.reminders import Due, job, rule
from agency.reminders.finding import dues_from_rows, rows, today
from campaigns.selectors.recipients import active_member, media_member, member_id, team_ae
from media import services
from media.models import UNBOOKED_STATUSES, BuyStatus, MediaBuy


@job("media.sweep_flights")
def launch_and_evaluate(now: datetime) -> None:
    """Launch accounts whose first flight started, evaluate those whose last one ended."""
    services.sweep_flights(today=today(now))


def booking_deadline_days() -> int:
    """A buy must be booked this many days before its flight starts (its booking deadline)."""
    return getattr(settings, "MEDIA_BOOKING_DEADLINE_DAYS", 7)


@rule(
    "media_booking_deadline",
    title=_("Media booking deadline: %(outlet)s for %(account)s"),
    body=_(
        "The media buy “%(placement)s” on %(outlet)s is not booked yet. Its flight starts on "
        "%(start)s, so it had to be booked by %(deadline)s (%(days)s days before)."
    ),
    label=_("A media buy of my team is not booked by its deadline"),
)
def buys_past_booking_deadline(now: datetime):
    """To the team's AEs and media members, once per buy, from its booking deadline
    (flight start − MEDIA_BOOKING_DEADLINE_DAYS) until the flight starts, while it is not
    booked. Keyed by the deadline, so a moved flight is announced again."""
    day, days = today(now), booking_deadline_days()
    buys = MediaBuy.objects.filter(
        status__in=UNBOOKED_STATUSES,
        flight_start__gte=day,
        flight_start__lte=day + timedelta(days=days),
        account__stage__in=OPEN_STAGES,
    ).filter(team_ae() | media_member())
    columns = ("placement", "flight_start", "outlet__name", "account_id", "account__name")
    found = rows(buys, *columns, member_id())

    def due(row: dict, people: list[int]) -> Due:
        deadline = row["flight_start"] - timedelta(days=days)
        return Due(
            subject_type="media_buy",
            subject_id=row["id"],
            occurrence=f"deadline:{deadline.isoformat()}",
            recipient_ids=people,
            context={
                "placement": row["placement"],
                "outlet": row["outlet__name"],
                "account": row["account__name"],
                "start": row["flight_start"].isoformat(),
                "deadline": deadline.isoformat(),
                "days": days,
            },
            link=reverse("account-media", kwargs={"account_id": row["account_id"]}),
            account_id=row["account_id"],
        )

    yield from dues_from_rows(found, due, recipients=[member_id()])


@rule(
    "flight_starting",
    title=_("Flights start tomorrow: %(account)s"),
    body=_("Booked flights of %(account)s start tomorrow, %(date)s: %(buys)s."),
    label=_("Flights of my team start tomorrow"),
)
def flights_starting_tomorrow(now: datetime):
    """To the whole team, the day before booked flights start: one reminder per account
    and day, listing the buys."""
    tomorrow = today(now) + timedelta(days=1)
    buys = MediaBuy.objects.filter(
        status=BuyStatus.BOOKED, flight_start=tomorrow, account__stage__in=OPEN_STAGES
    ).filter(active_member())
    columns = ("id", "placement", "outlet__name", "account__name", member_id())
    for account_id, group in groupby(
        rows(buys, *columns, key="account_id"), lambda r: r["account_id"]
    ):
        group = list(group)
        names = dict.fromkeys(f"{r['outlet__name']} · {r['placement']}" for r in group)
        yield Due(
            subject_type="account",
            subject_id=account_id,
            occurrence=f"flights:{tomorrow.isoformat()}",
            recipient_ids=sorted({r[member_id()] for r in group}),
            context={
                "account": group[0]["account__name"],
                "date": tomorrow.isoformat(),
                "buys": "; ".join(names),
            },
            link=reverse("account-media", kwargs={"account_id": account_id}),
            account_id=account_id,
        )
