"""Every figure of the AD's dashboard against what the fixed books (books.py) give by hand."""

import datetime as dt
from decimal import Decimal

import pytest

from agency.dashboards import reports
from agency.dashboards.scope import month_start
from billing import aging
from tests.dashboards.books import scope_of

pytestmark = pytest.mark.django_db
D = Decimal


def by_stage(report):
    return {s.stage: (s.accounts, s.budget) for s in report.pipeline.stages if s.accounts}


def test_accounts_and_budget_per_stage_count_the_groups_accounts_on_hold_and_lost(books, ad):
    board = reports.dashboard(scope_of(ad))

    assert by_stage(board) == {
        "planning": (1, {"CNY": D("100000.00")}),  # A1
        "approved": (1, {"CNY": D("200000.00")}),  # A2
        "lost": (1, {"CNY": D("50000.00")}),  # A3
        "on_hold": (1, {"CNY": D("30000.00")}),  # A4
        "evaluating": (2, {"CNY": D("90000.00")}),  # A5 80,000 + A6 10,000
    }
    assert board.open_accounts == 4  # A1, A2, A5, A6 (on hold and lost are not open)


def test_average_days_per_stage_over_the_changes_of_the_period(books, ad):
    times = {
        t.stage: (t.changes, t.average_days)
        for t in reports.dashboard(scope_of(ad)).pipeline.stage_times
    }

    # first contact: A1 10, A2 5, A3 5, A4 10 days → 30 / 4
    assert times["first_contact"] == (4, D("7.5"))
    assert times["briefed"] == (4, D("5.0"))
    # team formed: A1 5, A2 10, A3 5, A4 5 → 25 / 4 = 6.25, half up
    assert times["team_formed"] == (4, D("6.3"))
    # planning: A2 20 then 5, A3 10, A4 10 → 45 / 4 = 11.25
    assert times["planning"] == (4, D("11.3"))
    # proposal presented: A2 5 then 10, A3 10 → 25 / 3
    assert times["proposal_presented"] == (3, D("8.3"))
    # running: A5 15, A6 10
    assert times["running"] == (2, D("12.5"))
    assert times["approved"] == (0, None)


def test_a_shorter_period_averages_only_the_changes_inside_it(books, ad):
    start = (books.today - dt.timedelta(days=27)).isoformat()
    times = {
        t.stage: (t.changes, t.average_days)
        for t in reports.dashboard(scope_of(ad, **{"from": start})).pipeline.stage_times
    }

    # Inside the last 27 days: A2 left planning (5 d) and proposal_presented twice (5, 10 d),
    # A3 first contact … proposal_presented, A5 running.
    assert times["planning"] == (2, D("7.5"))  # A2 5, A3 10
    assert times["proposal_presented"] == (3, D("8.3"))
    assert times["first_contact"] == (0, None)


def test_stuck_accounts_are_open_ones_past_the_threshold_never_those_on_hold(books, ad):
    stuck = reports.dashboard(scope_of(ad)).pipeline.stuck

    assert stuck.count == 1
    assert [a.name for a in stuck.rows] == ["Alpha spring"]  # 40 days; A4 on hold for 50
    assert reports.dashboard(scope_of(ad, stuck_days="45")).pipeline.stuck.count == 0


def test_proposals_won_lost_win_rate_revisions_and_reasons(books, ad):
    proposals = reports.dashboard(scope_of(ad)).pipeline.proposals

    assert (proposals.won, proposals.lost, proposals.revisions) == (1, 1, 1)
    assert proposals.win_rate == D("50.0")
    assert proposals.revisions_per_won == D("1.00")
    assert [(r.reason, r.accounts) for r in proposals.reasons] == [("Budget cut", 1)]


def test_workload_per_person_and_department_counts_open_and_overdue_tasks(books, ad, ae, creative):
    workload = reports.dashboard(scope_of(ad)).workload

    people = {p.key: (p.open, p.overdue) for p in workload.people}
    assert people == {ae.pk: (1, 1), creative.pk: (2, 1)}  # the done task is not open
    departments = {d.key: (d.open, d.overdue) for d in workload.departments}
    assert departments == {"account": (1, 1), "creative": (2, 1)}
    aes = {a.ae: (a.open, a.on_hold, a.closed, a.total) for a in workload.aes}
    assert aes == {ae.pk: (4, 1, 1, 6)}


def test_client_attention_quiet_accounts_and_contact_reports_owed(books, ad):
    workload = reports.dashboard(scope_of(ad)).workload

    # A5 never spoke to the client since it opened 60 days ago; A1's last call was 20 days
    # ago; A4 (on hold) and A3 (lost) are not asked about.
    assert [a.name for a in workload.quiet.rows] == ["Beta autumn", "Alpha spring"]
    assert workload.quiet.count == 2
    assert [m.title for m in workload.owed.rows] == ["Summer call"]
    assert reports.dashboard(scope_of(ad, quiet_days="30")).workload.quiet.count == 1


def test_invoiced_net_of_credit_notes_and_collected_per_month(books, ad):
    months = {
        m.month: (m.invoiced, m.collected) for m in reports.dashboard(scope_of(ad)).revenue.months
    }
    today = books.today

    expected_invoiced = {}
    for ago, amount in (
        (20, "1000"),
        (45, "2000"),
        (100, "3000"),
        (150, "4000"),
        (80, "5000"),
        (0, "-4000"),
    ):
        month = month_start(today - dt.timedelta(days=ago))
        expected_invoiced[month] = expected_invoiced.get(month, D(0)) + D(amount)
    expected_collected = {}
    for ago, amount in ((0, "500"), (10, "5000")):
        month = month_start(today - dt.timedelta(days=ago))
        expected_collected[month] = expected_collected.get(month, D(0)) + D(amount)

    assert len(months) == 12
    assert {m: v[0]["CNY"] for m, v in months.items() if v[0]} == expected_invoiced
    assert {m: v[1]["CNY"] for m, v in months.items() if v[1]} == expected_collected
    assert all(set(v[0]) | set(v[1]) <= {"CNY"} for v in months.values())  # no USD: not theirs


def test_receivables_by_bucket_skip_the_void_and_the_paid_and_count_the_partly_paid(books, ad):
    (cny,) = reports.dashboard(scope_of(ad)).revenue.receivables

    assert cny.currency == "CNY"
    assert cny.buckets == {
        "current": D("1000.00"),  # I1, due in 10 days
        "1_30": D("1500.00"),  # I2, 2,000 less 500 paid
        "31_60": D("0.00"),  # I5 is paid
        "61_90": D("3000.00"),  # I3
        "over_90": D("0.00"),  # I4 was credited in full: void
    }
    assert (cny.total, cny.overdue, cny.expected) == (D("5500.00"), D("4500.00"), D("1000.00"))


def test_receivables_equal_billing_ar_aging_for_the_same_user(books, ad, finance):
    for user in (ad, finance):
        ours = {r.currency: r for r in reports.dashboard(scope_of(user)).revenue.receivables}
        totals = aging.aging_totals(user=user)
        assert {t.currency: t.buckets for t in totals} == {c: r.buckets for c, r in ours.items()}


def test_largest_overdue_invoices_first(books, ad):
    overdue = reports.dashboard(scope_of(ad)).revenue.overdue

    assert [(i.number, i.balance_due) for i in overdue.rows] == [
        (books.invoices["i3"].number, D("3000.00")),
        (books.invoices["i2"].number, D("1500.00")),
    ]
    assert overdue.count == 2


def test_media_booked_against_delivered_per_month_and_outlet_type(books, ad):
    revenue = reports.dashboard(scope_of(ad)).revenue
    today = books.today

    booked, delivered = {}, {}
    for ago, amount in ((40, "20000"), (15, "5000")):
        m = month_start(today - dt.timedelta(days=ago))
        booked[m] = booked.get(m, D(0)) + D(amount)
    for ago, amount in ((30, "9000"), (25, "6000"), (10, "1200")):
        m = month_start(today - dt.timedelta(days=ago))
        delivered[m] = delivered.get(m, D(0)) + D(amount)
    assert {m.key: m.booked["CNY"] for m in revenue.media_months if m.booked} == booked
    assert {m.key: m.delivered["CNY"] for m in revenue.media_months if m.delivered} == delivered
    kinds = {k.key: (k.booked, k.delivered) for k in revenue.media_kinds}
    assert kinds == {
        "tv": ({"CNY": D("20000.00")}, {"CNY": D("15000.00")}),
        "online": ({"CNY": D("5000.00")}, {"CNY": D("1200.00")}),
    }


def test_the_client_filter_keeps_one_clients_figures(books, ad):
    board = reports.dashboard(scope_of(ad, client=str(books.clients["alpha"].pk)))

    assert by_stage(board) == {
        "planning": (1, {"CNY": D("100000.00")}),
        "approved": (1, {"CNY": D("200000.00")}),
        "evaluating": (1, {"CNY": D("10000.00")}),
    }
    (cny,) = board.revenue.receivables
    assert cny.total == D("1000.00")  # I1 only
    assert board.revenue.media_kinds == []  # the media is Beta's
    assert (board.pipeline.proposals.won, board.pipeline.proposals.lost) == (1, 0)


def test_the_ae_filter_on_an_ae_the_ad_does_not_direct_shows_nothing(books, ad, other_ae):
    board = reports.dashboard(scope_of(ad, ae=str(other_ae.pk)))

    assert by_stage(board) == {}
    assert board.revenue.receivables == []
    assert board.workload.people == [] and board.workload.quiet.count == 0
