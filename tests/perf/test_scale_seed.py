"""`seed_demo --scale`: the bulk-written agency is as consistent as the services would make it."""

from collections import defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from accounts.models import PIPELINE, Account, Stage, StageChange
from agency.demo.scale import ACCOUNTS_PER_CLIENT, client_name
from agency.models import Notification, Reminder, ReminderStatus
from agency.reminders.sweep import record_due_reminders
from billing.models import Invoice, InvoiceStatus, NumberCounter, Payment
from billing.numbering import DIGITS
from campaigns.models import (
    ContactReport,
    Proposal,
    ProposalStatus,
    Task,
    TeamMember,
)
from campaigns.models.meetings import CLIENT_MEETING_KINDS
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
        reached = _reached(account)
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


def _reached(account) -> int:
    targets = account.stage_changes.values_list("target", flat=True)
    return max([PIPELINE.index(t) for t in targets if t in PIPELINE] or [0])


def test_scaled_proposals_follow_their_account(scaled):
    for account in scaled:
        versions = list(Proposal.objects.filter(account=account).order_by("version"))
        reached = _reached(account)
        if reached < PIPELINE.index(Stage.PLANNING):
            assert not versions
            continue
        assert [v.version for v in versions] == list(range(1, len(versions) + 1))
        *earlier, last = versions
        assert all(v.status == ProposalStatus.REVISION_REQUESTED for v in earlier)
        if reached >= PIPELINE.index(Stage.APPROVED):
            assert last.status == ProposalStatus.ACCEPTED and last.client_approved_by
            assert last.budget_total == account.budget
        elif account.stage == Stage.PROPOSAL_PRESENTED:
            assert last.status == ProposalStatus.PRESENTED
        for version in versions:
            log = list(version.changes.order_by("at", "id"))
            if log:
                assert log[-1].target == version.status
                for before, after in zip(log, log[1:], strict=False):
                    assert after.source == before.target and after.at >= before.at
            else:
                assert version.status == ProposalStatus.DRAFT


def test_scaled_contact_reports_each_follow_a_client_meeting(scaled):
    reports = ContactReport.objects.filter(account__in=scaled).select_related("meeting")
    assert reports.exists()
    for report in reports:
        assert report.meeting.kind in CLIENT_MEETING_KINDS
        assert report.meeting.held_at < report.created_at


def test_scaled_reminders_were_sent_once_and_a_sweep_adds_no_second_one(scaled):
    sent = Reminder.objects.filter(account_id__in=[a.pk for a in scaled])
    assert sent.exists()
    assert not sent.exclude(status=ReminderStatus.SENT).exists()
    assert Notification.objects.filter(reminder__in=sent).count() <= sent.count()
    before = set(sent.values_list("rule", "subject_type", "subject_id", "occurrence"))

    from django.utils import timezone

    record_due_reminders(timezone.now())
    record_due_reminders(timezone.now())

    after = Reminder.objects.filter(account_id__in=[a.pk for a in scaled])
    keys = list(after.values_list("rule", "subject_type", "subject_id", "occurrence", "recipient"))
    assert len(keys) == len(set(keys))
    assert before <= {k[:4] for k in keys}
