"""Reminders about money: invoices due in 3 days, overdue by 1, 7 and 30 days (the 30-day one
escalated to the account director), payment received (sent at once by record_payment); and
invoice e-mails whose message the broker lost, sent again by every sweep (a @job).

The periodic rules are one query each over the open invoices' (status, due_date) index,
read in batches, with the recipients joined from the account's team as it is now.
"""

from datetime import datetime, timedelta

from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from agency.models import Department
from agency.reminders import Due, job, rule
from agency.reminders.events import enqueue, remind_now
from agency.reminders.finding import catch_up_days, dues_from_rows, rows, step_reached, today
from billing.models import OPEN_STATUSES, Invoice, InvoiceDispatch, InvoiceKind, Payment
from billing.money import format_amount
from campaigns.selectors.recipients import active_member, member_id, team_ae

DUE_SOON_DAYS = 3
OVERDUE_STEPS = ((1, "overdue-1"), (7, "overdue-7"), (30, "overdue-30"))
ESCALATION_STEPS = ((30, "overdue-30"),)
#: An invoice e-mail still unsent this long after it was asked for lost its message.
DISPATCH_RETRY_AFTER = timedelta(minutes=5)

INVOICE_COLUMNS = (
    "number",
    "due_date",
    "currency",
    "total",
    "amount_paid",
    "amount_credited",
    "account_id",
    "account__name",
    "client__name",
)


def open_invoices():
    return Invoice.objects.filter(kind=InvoiceKind.INVOICE, status__in=OPEN_STATUSES)


def invoice_due(row: dict, people: list[int], occurrence: str) -> Due:
    balance = row["total"] - row["amount_paid"] - row["amount_credited"]
    return Due(
        subject_type="invoice",
        subject_id=row["id"],
        occurrence=occurrence,
        recipient_ids=people,
        context={
            "number": row["number"],
            "account": row["account__name"],
            "client": row["client__name"],
            "due": row["due_date"].isoformat(),
            "balance": format_amount(balance),
            "currency": row["currency"],
        },
        link=reverse("invoice", kwargs={"pk": row["id"]}),
        account_id=row["account_id"],
    )


def invoices_to_team_aes(invoices, occurrence_of):
    """Dues for `invoices` to the AEs of each account's team; `occurrence_of(row)` names the
    occasion (None: not due)."""
    found = rows(invoices.filter(team_ae()), *INVOICE_COLUMNS, member_id())

    def build(row, people):
        occurrence = occurrence_of(row)
        return invoice_due(row, people, occurrence) if occurrence else None

    return dues_from_rows(found, build, recipients=[member_id()])


@rule(
    "invoice_due_soon",
    title=_("Invoice due in 3 days: %(number)s"),
    body=_(
        "Invoice %(number)s to %(client)s (%(account)s) is due on %(due)s; "
        "%(balance)s %(currency)s is still open."
    ),
    label=_("An invoice of my accounts is due in 3 days"),
)
def invoices_due_soon(now: datetime):
    """To the team's AEs, 3 days before the due date (or later, up to the day before)."""
    day = today(now)
    invoices = open_invoices().filter(
        due_date__gt=day, due_date__lte=day + timedelta(days=DUE_SOON_DAYS)
    )
    return invoices_to_team_aes(invoices, lambda row: f"due-{DUE_SOON_DAYS}")


def _days_late(day):
    return lambda row: (day - row["due_date"]).days


@rule(
    "invoice_overdue",
    title=_("Invoice overdue: %(number)s"),
    body=_(
        "Invoice %(number)s to %(client)s (%(account)s) was due on %(due)s and "
        "%(balance)s %(currency)s is still unpaid. Please chase the payment."
    ),
    label=_("An invoice of my accounts is overdue"),
)
def invoices_overdue(now: datetime):
    """To the team's AEs 1, 7 and 30 days after the due date."""
    day = today(now)
    oldest = day - timedelta(days=OVERDUE_STEPS[-1][0] + catch_up_days())
    invoices = open_invoices().filter(due_date__gte=oldest, due_date__lt=day)
    late = _days_late(day)
    return invoices_to_team_aes(invoices, lambda row: step_reached(late(row), OVERDUE_STEPS))


@rule(
    "invoice_overdue_escalation",
    title=_("Escalation: invoice %(number)s overdue by 30 days"),
    body=_(
        "Invoice %(number)s to %(client)s (%(account)s) was due on %(due)s and "
        "%(balance)s %(currency)s is still unpaid after 30 days."
    ),
    label=_("Escalation: an invoice is overdue by 30 days"),
    escalation=True,
)
def invoices_escalated(now: datetime):
    """Cannot be muted: to the account director(s) of the lead AE and to the finance person
    who issued the invoice, 30 days after the due date."""
    day = today(now)
    start = ESCALATION_STEPS[0][0]
    invoices = open_invoices().filter(
        due_date__gte=day - timedelta(days=start + catch_up_days()),
        due_date__lte=day - timedelta(days=start),
    )
    director = "account__lead_ae__account_groups__director"
    columns = (f"{director}_id", f"{director}__is_active", "issued_by_id")
    found = rows(
        invoices, *INVOICE_COLUMNS, *columns, "issued_by__department", "issued_by__is_active"
    )

    def people(row):
        if row[f"{director}__is_active"]:
            yield row[f"{director}_id"]
        if row["issued_by__department"] == Department.FINANCE and row["issued_by__is_active"]:
            yield row["issued_by_id"]

    late = _days_late(day)

    def build(row, recipients):
        step = step_reached(late(row), ESCALATION_STEPS)
        return invoice_due(row, recipients, step) if step else None

    return dues_from_rows(found, build, recipients=people)


# --- Payment received: an event, sent at once -------------------------------------------------
rule(
    "payment_received",
    title=_("Payment received: %(number)s"),
    body=_(
        "%(client)s paid %(amount)s %(currency)s on %(date)s against invoice %(number)s "
        "(%(account)s). Still open: %(balance)s %(currency)s."
    ),
    label=_("A payment was received on an account I lead"),
)(None)


def remind_payment_received(*, payment: Payment, invoice: Invoice) -> None:
    """Tell the account's lead AE (while on its team) about a payment just recorded: called
    inside record_payment's transaction, so the reminder row commits (or not) with the
    payment, and is delivered after the commit, or by the next sweep if the queue is down."""
    lead = (
        Account.objects.filter(pk=invoice.account_id)
        .filter(Q(team_members__user=F("lead_ae")) & active_member("team_members__"))
        .values_list("lead_ae_id", flat=True)
        .first()
    )
    if lead is None:
        return
    remind_now(
        "payment_received",
        Due(
            subject_type="payment",
            subject_id=payment.pk,
            occurrence="received",
            recipient_ids=[lead],
            context={
                "number": invoice.number,
                "account": invoice.account.name,
                "client": invoice.client.name,
                "amount": format_amount(payment.amount),
                "currency": invoice.currency,
                "date": payment.received_on.isoformat(),
                "balance": format_amount(invoice.balance),
            },
            link=reverse("invoice", kwargs={"pk": invoice.pk}),
            account_id=invoice.account_id,
        ),
    )


# --- Invoice e-mails the broker lost ------------------------------------------------------------
@job("billing.invoice_dispatches")
def resend_unsent_invoice_emails(now: datetime) -> None:
    """Queue again the invoice e-mails asked for DISPATCH_RETRY_AFTER ago and still unsent
    (their message was never published, e.g. Redis was down): the task claims the dispatch,
    so one queued twice is still sent once."""
    from billing.tasks import send_invoice_email

    unsent = InvoiceDispatch.objects.filter(
        sent_at__isnull=True,
        requested_at__lte=now - DISPATCH_RETRY_AFTER,
        requested_at__gte=now - timedelta(days=catch_up_days()),
    ).values_list("id", flat=True)
    for dispatch_id in unsent:
        if not enqueue(send_invoice_email, dispatch_id=dispatch_id):
            return
