"""The home pages: who lands where, who sees what, the lists behind the figures, CSV."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from agency.models import Notification
from billing.models import Invoice
from tests.factories import AccountFactory, ClientFactory, MeetingFactory, TaskFactory

pytestmark = pytest.mark.django_db


# --- Who lands where --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("persona", "page"),
    [
        ("ae", "my-day"),
        ("ad", "ad-dashboard"),
        ("admin_user", "ad-dashboard"),
        ("finance", "finance-desk"),
        ("creative", "my-tasks"),
    ],
)
def test_home_sends_each_person_to_their_page(request, as_user, persona, page):
    user = request.getfixturevalue(persona)

    response = as_user(user).get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == reverse(page)


@pytest.mark.parametrize("persona", ["ae", "finance", "creative"])
def test_the_ad_dashboard_is_for_ads_and_administrators(request, as_user, persona):
    client = as_user(request.getfixturevalue(persona))

    assert client.get(reverse("ad-dashboard")).status_code == 403
    assert client.get(reverse("dashboard-list", args=["stuck"])).status_code == 403
    assert client.get(reverse("dashboard-export", args=["funnel"])).status_code == 403


@pytest.mark.parametrize("persona", ["ae", "ad", "creative"])
def test_the_finance_desk_is_for_finance(request, as_user, persona):
    assert as_user(request.getfixturevalue(persona)).get(reverse("finance-desk")).status_code == 403


# --- Who sees what ----------------------------------------------------------------------------
def test_the_ad_sees_only_the_groups_they_direct(books, as_user, ad, other_ad):
    mine = as_user(ad).get(reverse("ad-dashboard")).content.decode()
    theirs = as_user(other_ad).get(reverse("ad-dashboard")).content.decode()

    for name in ("Alpha spring", "Beta autumn", "Budget cut", "INV-"):
        assert name in mine
    for foreign in ("Gamma west", "Other team&#x27;s reason", "US$", "USD"):
        assert foreign not in mine
    assert "Gamma west" in theirs and "Alpha spring" not in theirs
    assert "Other team&#x27;s reason" in theirs


def test_the_admin_sees_the_whole_agency(books, as_user, admin_user):
    html = as_user(admin_user).get(reverse("ad-dashboard")).content.decode()

    assert "Alpha spring" in html and "Gamma west" in html
    assert 'data-testid="kpi-receivables-USD">$700.00<' in html  # English: $ for USD


def test_an_ae_my_day_shows_their_accounts_tasks_meetings_reminders_and_overdue_invoices(
    books, as_user, ae
):
    Notification.objects.create(recipient=ae, title="Task due: brief the creative team")
    MeetingFactory(
        account=books.accounts["a1"],
        kind="planning",
        title="Kick-off tomorrow",
        held_at=books.now + dt.timedelta(days=1),
    )

    html = as_user(ae).get(reverse("my-day")).content.decode()

    for text in ("Alpha spring", "Beta hold", "Beta autumn", "Alpha gift"):  # open and on hold
        assert text in html
    assert "Beta launch" not in html  # lost
    assert 'data-testid="days-in-stage">40<' in html  # A1 in planning for 40 days
    assert "Task due: brief the creative team" in html
    assert "Kick-off tomorrow" in html
    assert "Summer call" in html  # the contact report owed
    assert books.invoices["i3"].number in html and books.invoices["i2"].number in html
    assert "¥3,000.00" in html


def test_an_ae_my_day_shows_nothing_of_other_teams(books, as_user, other_ae, ae):
    Notification.objects.create(recipient=ae, title="Only for the first AE")
    html = as_user(other_ae).get(reverse("my-day")).content.decode()

    assert "Gamma west" in html and books.invoices["west"].number in html
    for foreign in ("Alpha", "Beta", "Summer call", "Only for the first AE", "INV-2026-00000"):
        assert foreign not in html.replace(books.invoices["west"].number, "")


def test_the_finance_desk_shows_receivables_due_this_week_payments_and_invoices_to_issue(
    books, as_user, finance
):
    html = as_user(finance).get(reverse("finance-desk")).content.decode()

    assert 'data-testid="receivables-total-CNY"' in html
    assert "¥5,500.00" in html  # the CNY receivables of every team
    assert "$700.00" in html  # and the other team's USD invoice
    assert "Alpha gift" in html  # evaluating, effect report published, no invoice
    assert "Beta autumn" not in html.split('data-testid="desk-to-issue"')[1].split("</section>")[0]
    assert books.invoices["i5"].number in html  # a recent payment


def test_the_finance_desk_lists_what_falls_due_this_week(books, as_user, finance, monkeypatch):
    from tests.dashboards.books import issue

    due_today = issue(
        monkeypatch, books.accounts["a5"], books.accounts["a5"].lead_ae, "300.00", 30, books.today
    )
    html = as_user(finance).get(reverse("finance-desk")).content.decode()
    week = html.split('data-testid="desk-due-this-week"')[1].split("</section>")[0]

    assert due_today.number in week
    assert 'data-testid="due-week-CNY">CN¥300.00<' in week


# --- The lists behind the figures ---------------------------------------------------------------
def test_an_aging_bucket_opens_the_invoice_list_filtered_to_it(books, as_user, ad):
    client = as_user(ad)
    tables = client.get(reverse("ad-dashboard")).context["revenue"]
    cell = tables["aging"].rows[1][1]  # 1–30 days, CNY

    response = client.get(cell.href)

    listed = list(response.context["page"])
    assert [i.number for i in listed] == [books.invoices["i2"].number]
    assert sum(i.balance for i in listed) == cell.value == Decimal("1500.00")
    assert "bucket=1_30" in cell.href
    assert 'data-testid="drill-filters"' in response.content.decode()


@pytest.mark.parametrize(
    ("bucket", "expected"), [("current", ["i1"]), ("61_90", ["i3"]), ("over_90", [])]
)
def test_each_bucket_of_the_invoice_list_holds_its_open_invoices(
    books, as_user, ad, bucket, expected
):
    response = as_user(ad).get(reverse("invoices"), {"bucket": bucket})

    assert [i.number for i in response.context["page"]] == [
        books.invoices[k].number for k in expected
    ]


def test_the_lists_behind_the_figures_hold_what_the_figures_count(books, as_user, ad, creative):
    client = as_user(ad)
    context = client.get(reverse("ad-dashboard")).context
    board = context["board"]

    def drill(href):
        response = client.get(href)
        assert response.status_code == 200
        return response.context["page"].paginator.count

    assert drill(context["pipeline"]["stuck"].more_href) == board.pipeline.stuck.count == 1
    assert drill(context["workload"]["quiet"].more_href) == 2
    assert drill(context["workload"]["owed"].more_href) == 1
    proposals = context["pipeline"]["proposals"].rows
    assert [drill(row[1].href) for row in proposals if row[1].href] == [1, 1, 1]
    people = {row[0].value: row for row in context["workload"]["people"].rows}
    creative_row = people[str(creative.get_full_name())]
    assert drill(creative_row[2].href) == 2 and drill(creative_row[3].href) == 1
    reason = context["pipeline"]["lost_reasons"].rows[0][1]
    assert drill(reason.href) == 1
    funnel = {row[0].value: row[1] for row in context["pipeline"]["funnel"].rows}
    listed = client.get(funnel["Evaluating"].href).context["page_obj"].paginator.count
    assert listed == funnel["Evaluating"].value == 2


def test_a_month_of_collections_lists_its_payments(books, as_user, ad):
    month = books.today.isoformat()[:7]
    response = as_user(ad).get(reverse("dashboard-list", args=["payments"]), {"month": month})

    amounts = [row[4].value for row in response.context["rows"]]
    expected = [Decimal("500.00")]
    if (books.today - dt.timedelta(days=10)).isoformat()[:7] == month:
        expected = [Decimal("5000.00"), Decimal("500.00")]
    assert amounts == expected


# --- CSV ----------------------------------------------------------------------------------------
def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_every_dashboard_table_exports_to_csv(books, as_user, ad):
    client = as_user(ad)
    context = client.get(reverse("ad-dashboard")).context
    for group in ("pipeline", "workload", "revenue"):
        for name, table in context[group].items():
            href = (
                table.export_href
                or f"{reverse('dashboard-export', args=[name])}?{context['export_query']}"
            )
            rows = read_csv(client.get(href))
            if table.more_href:  # a table of first rows exports the whole list behind it
                assert len(rows) == table.count + 1, name
                assert [r[0].value for r in table.rows] == [r[0] for r in rows[1:11]], name
            else:
                assert rows[0] == [str(h) for h in table.headers], name
                assert len(rows) == len(table.rows) + 1, name


def test_the_aging_csv_holds_the_amounts_as_plain_numbers(books, as_user, ad):
    rows = read_csv(as_user(ad).get(reverse("dashboard-export", args=["aging"])))

    assert rows[0] == ["Days past due", "CNY"]
    assert rows[2] == ["1–30 days", "1500.00"]
    assert rows[6] == ["Total open", "5500.00"]


def test_csv_exports_neutralise_formulas(as_user, ad, ae):
    sneaky = ClientFactory(name='=HYPERLINK("http://x")')
    account = AccountFactory(lead_ae=ae, client=sneaky, name="@SUM(A1)")
    TaskFactory(account=account, owner=ae, title="+cmd", due_date=dt.date(2020, 1, 1))
    client = as_user(ad)

    rows = read_csv(client.get(reverse("dashboard-list", args=["open"]), {"format": "csv"}))
    tasks = read_csv(client.get(reverse("dashboard-list", args=["tasks"]), {"format": "csv"}))

    assert rows[1][:2] == ["'@SUM(A1)", '\'=HYPERLINK("http://x")']
    assert tasks[1][0] == "'+cmd"


def test_a_drill_list_csv_names_each_rows_currency(books, as_user, ad):
    rows = read_csv(as_user(ad).get(reverse("dashboard-list", args=["buys"]), {"format": "csv"}))

    assert rows[0][-2:] == ["Gross", "Currency"]
    assert sorted(r[-2:] for r in rows[1:]) == [["20000.00", "CNY"], ["5000.00", "CNY"]]


def test_invoices_of_other_teams_never_reach_the_ads_lists(books, as_user, ad):
    client = as_user(ad)
    west = books.invoices["west"]

    listed = client.get(reverse("invoices"), {"bucket": "1_30"}).context["page"]
    assert west.pk not in [i.pk for i in listed]
    assert Invoice.objects.filter(pk=west.pk).exists()


def test_a_drill_list_says_what_it_is_narrowed_to(books, as_user, ad, creative):
    client = as_user(ad)
    response = client.get(
        reverse("dashboard-list", args=["tasks"]),
        {
            "owner": creative.pk,
            "department": "creative",
            "overdue": "1",
            "client": books.clients["alpha"].pk,
        },
    )

    scope = response.content.decode().split('data-testid="drill-scope"')[1].split("</div>")[0]
    for words in (str(creative), "Creative", "Overdue", "Client: Alpha 甲"):
        assert words in scope
    assert response.context["page"].paginator.count == 1  # A2's blocked creative task


def test_the_report_api_leaks_nothing_of_other_groups(books, api, other_ad):
    pipeline = api(other_ad).get("/api/reports/pipeline/").json()
    revenue = api(other_ad).get("/api/reports/revenue/").json()
    workload = api(other_ad).get("/api/reports/workload/").json()

    assert sum(s["accounts"] for s in pipeline["stages"]) == 2  # Gamma west and Gamma lost
    assert [r["reason"] for r in pipeline["proposals"]["lost_reasons"]] == ["Other team's reason"]
    assert [(r["currency"], r["total"]) for r in revenue["receivables"]] == [("USD", "700.00")]
    assert all(
        not m["invoiced"] or m["invoiced"][0]["currency"] == "USD" for m in revenue["months"]
    )
    assert revenue["media_by_outlet_type"] == []
    assert {p["name"] for p in workload["people"]} == {str(books.accounts["b1"].lead_ae)}
