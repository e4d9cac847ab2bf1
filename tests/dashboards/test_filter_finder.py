"""The dashboard's filters list what the user can narrow to; where that is more than anyone
can scroll through (someone who sees the whole agency group), a search replaces the list:
`dashboard-options` answers with the matching names the user may choose, and nothing else."""

import pytest
from django.urls import reverse

from accounts.models import Client
from agency.dashboards import filter_bar

pytestmark = pytest.mark.django_db


@pytest.fixture
def few_listed(monkeypatch):
    monkeypatch.setattr(filter_bar, "LISTED_AT_MOST", 1)


def bar(response) -> str:
    return response.content.decode().split('data-testid="dashboard-filters"')[1].split("</form>")[0]


def options(html: str, kind: str) -> int:
    select = html.split(f'id="f-{kind}"')[1].split("</select>")[0]
    return select.count("<option")


def test_too_many_to_list_gives_a_search_for_whoever_sees_everything(
    books, as_user, admin_user, few_listed, django_assert_max_num_queries
):
    client = as_user(admin_user)
    with django_assert_max_num_queries(15):
        html = bar(client.get(reverse("ad-dashboard")))
    assert options(html, "client") == 1 and options(html, "ae") == 1  # "all" alone
    assert 'data-testid="finder-client"' in html and 'data-testid="finder-ae"' in html
    alpha = Client.objects.get(name="Alpha 甲")
    html = bar(client.get(reverse("ad-dashboard"), {"client": alpha.pk}))
    assert f'<option value="{alpha.pk}" selected>Alpha 甲</option>' in html
    assert options(html, "client") == 2


def test_an_ad_s_lists_are_always_listed(books, as_user, ad, few_listed):
    html = bar(as_user(ad).get(reverse("ad-dashboard")))
    assert "finder-client" not in html and options(html, "client") > 2


def test_the_search_finds_names_the_user_may_choose_and_nothing_else(
    books, as_user, ad, admin_user, django_assert_max_num_queries
):
    url = reverse("dashboard-options", args=["client"])
    admin = as_user(admin_user)
    with django_assert_max_num_queries(6):  # session, user, the names (50 at most); its save
        everything = admin.get(url, {"q": "a"}).content.decode()
    assert "Alpha 甲" in everything and "Gamma" in everything and "Beta 乙" in everything
    gamma = as_user(ad).get(url, {"q": "gam"}).content.decode()  # another group's client
    assert "Gamma" not in gamma and gamma.count("<option") == 1
    found = as_user(ad).get(url, {"q": "ALPHA"}).content.decode()
    assert found.startswith("<select") and 'id="f-client"' in found and "Alpha 甲" in found
    ae = as_user(ad).get(reverse("dashboard-options", args=["ae"]), {"q": "t_ae"}).content
    assert b"t_other_ae" not in ae  # an AE another AD directs


def test_the_search_is_the_dashboard_s_alone(books, as_user, ae, admin_user, client):
    url = reverse("dashboard-options", args=["client"])
    assert as_user(admin_user).get(reverse("dashboard-options", args=["stage"])).status_code == 404
    assert as_user(admin_user).get(url).content.decode().count("<option") == 1  # nothing typed
    assert as_user(ae).get(url, {"q": "a"}).status_code == 403
    client.logout()
    assert client.get(url, {"q": "a"}).status_code == 302
