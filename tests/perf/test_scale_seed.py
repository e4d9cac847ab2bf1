"""`seed_demo --scale`: the bulk-written agency is as consistent as the services would make it."""

from collections import defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from accounts.models import PIPELINE, Account, Stage, StageChange
from agency.demo.scale import ACCOUNTS_PER_CLIENT, client_name
from billing.models import Invoice, InvoiceStatus, NumberCounter, Payment
from billing.numbering import DIGITS
from campaigns.models import Task, TeamMember
from media.models import BOOKED_STATUSES, MediaBuy


@pytest.fixture
def scaled(db):
    call_command("seed_demo", "--scale", "2", stdout=StringIO())
    names = [client_name(i)[0] for i in range(2)]
    return Account.objects.filter(client__name__in=names)


def test_every_scaled_account_history_ends_at_its_stage(scaled):
    accounts = list(scaled)
    assert len(accounts) == 2 * ACCOUNTS_PER_CLIENT

    changes = defaultdict(list)
    for change in StageChange.objects.filter(account__in=accounts).order_by("at", "id"):
        changes[change.account_id].append(change)
    for account in accounts:
        history = changes[account.pk]
        if not history:
            assert account.stage == Stage.FIRST_CONTACT
            continue
        assert history[0].source == Stage.FIRST_CONTACT
        for before, after in zip(history, history[1:], strict=False):
            assert after.source == before.target and after.at > before.at
        assert history[-1].target == account.stage
        assert account.stage_entered_at == history[-1].at
        if account.stage == Stage.ON_HOLD:
            assert account.held_from == history[-1].source
        assert account.team_members.filter(user=account.lead_ae).exists()


def test_scaled_invoices_add_up_and_are_numbered_without_gaps(scaled):
    invoices = Invoice.objects.filter(account__in=scaled).annotate(
        net=Sum("lines__amount"), line_tax=Sum("lines__tax")
    )
    assert invoices.exists()
    for invoice in invoices:
        assert invoice.status != InvoiceStatus.DRAFT
        assert invoice.subtotal == invoice.net and invoice.tax == invoice.line_tax
        assert invoice.total == invoice.subtotal + invoice.tax
        paid = Payment.objects.filter(invoice=invoice).aggregate(s=Sum("amount"))["s"]
        assert (paid or Decimal("0")) == invoice.amount_paid <= invoice.total
        expected = {
            Decimal("0"): InvoiceStatus.ISSUED,
            invoice.total: InvoiceStatus.PAID,
        }.get(invoice.amount_paid, InvoiceStatus.PARTIALLY_PAID)
        assert invoice.status == expected

    numbers = defaultdict(list)
    for number in Invoice.objects.exclude(number=None).values_list("number", flat=True):
        series, year, sequence = number.split("-")
        assert len(sequence) == DIGITS
        numbers[(series, int(year))].append(int(sequence))
    for (series, year), sequences in numbers.items():
        assert sorted(sequences) == list(range(1, len(sequences) + 1)), (series, year)
        assert NumberCounter.objects.get(series=series, year=year).last == len(sequences)


def test_scaled_accounts_have_what_their_stage_needed(scaled):
    for account in scaled.annotate(n_tasks=Count("tasks", distinct=True)):
        reached = max(
            [PIPELINE.index(t) for t in account.stage_changes.values_list("target", flat=True)
             if t in PIPELINE] or [0]
        )  # fmt: skip
        if reached >= PIPELINE.index(Stage.MEDIA_BOOKED):
            buys = MediaBuy.objects.filter(account=account)
            assert buys.exists() and not buys.exclude(status__in=BOOKED_STATUSES).exists()
            assert sum(b.gross for b in buys) <= account.budget
        if reached >= PIPELINE.index(Stage.INVOICED):
            net = account.invoices.aggregate(s=Sum("subtotal"))["s"]
            assert net == account.budget
            assert account.effect_report.is_published
        if account.stage == Stage.COLLECTED:
            assert not account.invoices.exclude(status=InvoiceStatus.PAID).exists()
        if reached >= PIPELINE.index(Stage.PLANNING):
            assert account.n_tasks >= 15
            owners = set(Task.objects.filter(account=account).values_list("owner", flat=True))
            team = set(TeamMember.objects.filter(account=account).values_list("user", flat=True))
            assert owners <= team


def test_seeding_the_same_scale_again_adds_nothing(scaled):
    before = (Account.objects.count(), Invoice.objects.count(), Task.objects.count())

    call_command("seed_demo", "--scale", "2", stdout=StringIO())

    assert (Account.objects.count(), Invoice.objects.count(), Task.objects.count()) == before
