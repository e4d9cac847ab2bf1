"""Tables that grow with the agency show their first rows on the dashboard and link to the
whole table; the filter bar offers what could narrow it."""

import csv
import io

import pytest
from django.urls import reverse

from accounts.models import Client
from agency.dashboards.tables import TABLE_ROWS
from agency.models import Department
from tests.factories import ClientFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db
MORE = 7


@pytest.fixture
def busy_people(books):
    """TABLE_ROWS + MORE people with open tasks on the AD's account A1, each one fewer."""
    people = []
    for n in range(TABLE_ROWS + MORE):
        person = UserFactory(username=f"busy{n:02}", department=Department.CREATIVE)
        for _ in range(TABLE_ROWS + MORE - n):
            TaskFactory(account=books.accounts["a1"], owner=person, department="creative")
        people.append(person)
    return people


def test_the_people_table_shows_the_busiest_first_and_links_to_everyone(busy_people, as_user, ad):
    client = as_user(ad)
    table = client.get(reverse("ad-dashboard")).context["workload"]["people"]
    everyone = table.count
    assert len(table.rows) == TABLE_ROWS and everyone >= TABLE_ROWS + MORE
    shown = [row[0].value for row in table.rows]
    assert shown.index(str(busy_people[0])) < shown.index(str(busy_people[1]))
    assert str(busy_people[-1]) not in shown  # the least busy are on the whole table
    assert table.more_href.startswith(reverse("dashboard-table", args=["people"]) + "?")

    whole = client.get(table.more_href)
    assert whole.status_code == 200
    assert whole.context["page"].paginator.count == everyone
    names = [row[0].value for row in whole.context["page"].object_list]
    assert {str(p) for p in busy_people} <= set(names)
    exported = list(csv.reader(io.StringIO(client.get(table.export_href).getvalue().decode())))
    assert len(exported) == everyone + 1  # the header, then every person


def test_a_short_table_is_shown_whole(books, as_user, ad):
    table = as_user(ad).get(reverse("ad-dashboard")).context["workload"]["aes"]
    assert table.more_href == "" and len(table.rows) < TABLE_ROWS


def test_only_long_tables_have_a_page_of_their_own(books, as_user, ad):
    client = as_user(ad)
    assert client.get(reverse("dashboard-table", args=["funnel"])).status_code == 404
    assert client.get(reverse("dashboard-table", args=["aes"])).status_code == 200


def test_the_filter_bar_offers_the_clients_of_the_ads_accounts_by_name(books, as_user, ad):
    ClientFactory(name="Prospect without an account", created_by=ad)
    html = as_user(ad).get(reverse("ad-dashboard")).content.decode()
    bar = html.split('data-testid="dashboard-filters"')[1].split("</form>")[0]
    alpha = Client.objects.get(pk=books.accounts["a1"].client_id)
    assert f'<option value="{alpha.pk}">{alpha.name}</option>' in bar
    assert "Prospect without an account" not in bar
    assert f'<option value="{books.accounts["b1"].client_id}">' not in bar  # another group's
