"""The client and account pages: who sees what, what the forms do, the pipeline board.

Given a persona (tests/fixtures.py), when they open a page or submit a form, then the page,
the status and the database say what the product promises.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone

from accounts import selectors
from accounts.models import PIPELINE, Account, Client, Contact, Stage, StageChange
from accounts.services import take_transition
from campaigns.models import TeamMember
from tests.factories import (
    AccountFactory,
    BriefFactory,
    ClientFactory,
    ContactFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def as_user(client):
    """Returns the test client logged in as the given user."""

    def login(user):
        client.force_login(user)
        return client

    return login


def on_team(account, user, role="member"):
    return TeamMember.objects.create(account=account, user=user, role_on_account=role)


# --- Logging in ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, args",
    [
        ("home", []),
        ("pipeline", []),
        ("account-list", []),
        ("client-list", []),
        ("client-create", []),
        ("account-create", []),
        ("account-detail", [1]),
        ("client-detail", [1]),
        ("password_change", []),
    ],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, name, args):
    url = reverse(name, args=args)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_an_htmx_request_after_the_session_ended_reloads_the_page_at_login(client, account):
    page = reverse("account-detail", args=[account.pk])

    response = client.post(
        reverse("account-transition", args=[account.pk, "record_brief"]),
        HTTP_HX_CURRENT_URL=f"http://testserver{page}",
        **HTMX,
    )

    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{reverse('login')}?next={page}"
    assert not StageChange.objects.exists()


def test_the_home_page_of_an_ae_is_their_day(as_user, ae):
    response = as_user(ae).get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == reverse("my-day")


def test_logging_in_through_the_form_lands_on_the_ae_s_day(client, ae):
    response = client.post(
        reverse("login"), {"username": ae.username, "password": "pass-word-123"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("my-day")
    assert "No open accounts." in response.content.decode()


def test_a_wrong_password_shows_an_error_on_the_login_page(client, ae):
    response = client.post(reverse("login"), {"username": ae.username, "password": "nope"})

    assert response.status_code == 200
    assert b'data-testid="login-error"' in response.content


def test_logout_is_a_post_and_ends_the_session(as_user, ae):
    browser = as_user(ae)

    response = browser.post(reverse("logout"))

    assert response["Location"] == reverse("login")
    assert browser.get(reverse("pipeline")).status_code == 302


def test_password_change_page_changes_the_password(as_user, ae):
    response = as_user(ae).post(
        reverse("password_change"),
        {
            "old_password": "pass-word-123",
            "new_password1": "a-new-Secret-42",
            "new_password2": "a-new-Secret-42",
        },
    )

    assert response["Location"] == reverse("password_change_done")
    ae.refresh_from_db()
    assert ae.check_password("a-new-Secret-42")


# --- Two languages ---------------------------------------------------------------------------
def test_login_page_follows_the_browser_language(client):
    english = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")
    chinese = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert "Log in" in english.content.decode()
    page = chinese.content.decode()
    assert 'lang="zh-hans"' in page
    assert "登录" in page and "用户名" in page and "密码" in page


def test_pipeline_in_chinese_from_the_browser(as_user, ae, account):
    response = as_user(ae).get(reverse("pipeline"), HTTP_ACCEPT_LANGUAGE="zh-hans")

    page = response.content.decode()
    assert "业务管道" in page
    assert "初次接触" in page and "客户确认" in page
    assert "Pipeline" not in page


def test_the_switcher_remembers_the_language_on_the_user(as_user, ae, account):
    browser = as_user(ae)

    response = browser.post(
        reverse("switch-language"), {"language": "zh-hans", "next": reverse("pipeline")}
    )

    assert response["Location"] == reverse("pipeline")
    ae.refresh_from_db()
    assert ae.language == "zh-hans"
    # The saved language wins over an English browser.
    page = browser.get(reverse("pipeline"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "业务管道" in page and "初次接触" in page


def test_pipeline_in_english_by_default(as_user, ae, account):
    page = as_user(ae).get(reverse("pipeline"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Pipeline" in page and "First contact" in page
    assert "业务管道" not in page


# --- Clients ------------------------------------------------------------------------------------
def test_client_list_shows_only_visible_clients_with_their_account_counts(as_user, ae, account):
    ClientFactory(name="Somebody else's client")
    AccountFactory(lead_ae=ae, client=account.client)

    page = as_user(ae).get(reverse("client-list")).content.decode()

    assert account.client.name in page
    assert "Somebody else" not in page
    assert ">2</span>" in page  # two visible accounts of that client


def test_client_list_search_and_empty_state(as_user, ae):
    ClientFactory(name="Oriental Tea 东方茶业", created_by=ae)
    ClientFactory(name="Harbor Bank", created_by=ae)
    browser = as_user(ae)

    found = browser.get(reverse("client-list"), {"q": "东方"}).content.decode()
    nothing = browser.get(reverse("client-list"), {"q": "zzz"}).content.decode()

    assert "Oriental Tea" in found and "Harbor Bank" not in found
    assert "No client matches" in nothing


def test_client_list_is_paginated(as_user, ae):
    ClientFactory.create_batch(30, created_by=ae)

    first = as_user(ae).get(reverse("client-list"))
    second = as_user(ae).get(reverse("client-list"), {"page": 2})

    assert len(first.context["page_obj"].object_list) == 25
    assert len(second.context["page_obj"].object_list) == 5
    assert "?page=2" in first.content.decode()


def test_empty_client_list_invites_to_add_one(as_user, ae):
    page = as_user(ae).get(reverse("client-list")).content.decode()

    assert "No clients yet" in page
    assert reverse("client-create") in page


def test_an_ae_adds_a_client(as_user, ae):
    response = as_user(ae).post(
        reverse("client-create"),
        {"name": "Panda Snacks 熊猫食品", "currency": "CNY", "payment_terms_days": 45},
    )

    client = Client.objects.get(name="Panda Snacks 熊猫食品")
    assert response["Location"] == reverse("client-detail", args=[client.pk])
    assert client.created_by == ae and client.payment_terms_days == 45


def test_a_client_without_a_name_is_refused_with_the_field_marked(as_user, ae):
    response = as_user(ae).post(
        reverse("client-create"), {"name": "", "currency": "CNY", "payment_terms_days": 30}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert "is-invalid" in response.content.decode()
    assert not Client.objects.exists()


def test_finance_may_not_add_clients(as_user, finance):
    assert as_user(finance).get(reverse("client-create")).status_code == 403


def test_client_detail_lists_contacts_and_visible_accounts(as_user, ae, account):
    ContactFactory(client=account.client, name="Ms. Liu 刘女士")
    hidden = AccountFactory(client=account.client, name="Not ours")

    page = as_user(ae).get(reverse("client-detail", args=[account.client_id])).content.decode()

    assert "Ms. Liu 刘女士" in page
    assert account.name in page
    assert hidden.name not in page


def test_an_ae_edits_a_client(as_user, ae, account):
    response = as_user(ae).post(
        reverse("client-edit", args=[account.client_id]),
        {"name": "Renamed", "currency": "USD", "payment_terms_days": 60, "industry": "Tea"},
    )

    assert response.status_code == 302
    account.client.refresh_from_db()
    assert (account.client.name, account.client.currency) == ("Renamed", "USD")


@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_gets_404_on_a_client_and_changes_nothing(as_user, other_ae, account, method):
    browser = as_user(other_ae)
    payload = {"name": "Hijacked", "currency": "CNY", "payment_terms_days": 1}
    name_before = account.client.name

    detail = browser.get(reverse("client-detail", args=[account.client_id]))
    edit = getattr(browser, method)(reverse("client-edit", args=[account.client_id]), payload)
    contact = browser.post(reverse("contact-add", args=[account.client_id]), {"new-name": "X"})

    assert (detail.status_code, edit.status_code, contact.status_code) == (404, 404, 404)
    account.client.refresh_from_db()
    assert account.client.name == name_before
    assert not Contact.objects.exists()


def test_a_refusal_in_an_inline_form_is_a_small_message_not_a_page(as_user, creative, account):
    on_team(account, creative)
    contact = ContactFactory(client=account.client)

    response = as_user(creative).get(
        reverse("contact-edit", args=[account.client_id, contact.pk]), **HTMX
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert 'data-testid="refusal"' in page and "<html" not in page


def test_what_is_not_shared_is_a_friendly_404(as_user, other_ae, account):
    response = as_user(other_ae).get(reverse("account-detail", args=[account.pk]))

    assert response.status_code == 404
    assert "It does not exist, or it is not shared with you." in response.content.decode()
    assert account.name not in response.content.decode()


def test_a_creative_on_the_team_sees_the_client_but_may_not_edit_it(as_user, creative, account):
    on_team(account, creative)
    browser = as_user(creative)

    detail = browser.get(reverse("client-detail", args=[account.client_id]))
    edit = browser.post(
        reverse("client-edit", args=[account.client_id]),
        {"name": "Changed", "currency": "CNY", "payment_terms_days": 30},
    )

    assert detail.status_code == 200
    assert 'data-testid="edit-client"' not in detail.content.decode()
    assert edit.status_code == 403
    account.client.refresh_from_db()
    assert account.client.name != "Changed"


# --- Contacts inline (htmx) ----------------------------------------------------------------
def test_adding_a_contact_inline_returns_the_contact_list(as_user, ae, account):
    response = as_user(ae).post(
        reverse("contact-add", args=[account.client_id]),
        {"new-name": "Mr. Wu 吴先生", "new-email": "wu@client.test"},
        **HTMX,
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="client-contacts"' in page and "Mr. Wu 吴先生" in page
    assert 'hx-swap-oob="true"' in page  # the flash message comes along
    assert Contact.objects.get().email == "wu@client.test"


def test_an_invalid_contact_keeps_what_was_typed(as_user, ae, account):
    response = as_user(ae).post(
        reverse("contact-add", args=[account.client_id]),
        {"new-name": "Mr. Wu", "new-email": "not-an-email"},
        **HTMX,
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert 'value="Mr. Wu"' in page and "is-invalid" in page
    assert not Contact.objects.exists()


def test_editing_a_contact_inline(as_user, ae, account):
    contact = ContactFactory(client=account.client, name="Old name")
    url = reverse("contact-edit", args=[account.client_id, contact.pk])
    browser = as_user(ae)

    form = browser.get(url, **HTMX)
    saved = browser.post(url, {f"c{contact.pk}-name": "New name"}, **HTMX)

    assert 'data-testid="contact-edit-form"' in form.content.decode()
    assert saved.status_code == 200
    assert 'data-testid="contact-row"' in saved.content.decode()
    contact.refresh_from_db()
    assert contact.name == "New name"


def test_a_contact_of_another_client_is_404(as_user, ae, account):
    stranger = ContactFactory()

    response = as_user(ae).get(reverse("contact-edit", args=[account.client_id, stranger.pk]))

    assert response.status_code == 404


# --- Accounts: list and forms -----------------------------------------------------------------
def test_account_list_filters_by_stage_client_ae_and_search(as_user, ae, ad, account):
    other = AccountFactory(lead_ae=ae, name="Autumn gift")
    BriefFactory(account=other)
    take_transition(account=other, name="record_brief", by=ae)
    browser = as_user(ad)

    def names(**query):
        response = browser.get(reverse("account-list"), query)
        return {a.name for a in response.context["page_obj"].object_list}

    assert names() == {account.name, "Autumn gift"}
    assert names(stage="briefed") == {"Autumn gift"}
    assert names(client=account.client_id) == {account.name}
    assert names(ae=ae.pk) == {account.name, "Autumn gift"}
    assert names(search="autumn") == {"Autumn gift"}


def test_a_creative_sees_the_account_once_in_the_list(as_user, ae, creative, account):
    on_team(account, creative)

    response = as_user(creative).get(reverse("account-list"), {"ae": ae.pk})

    assert [a.pk for a in response.context["page_obj"].object_list] == [account.pk]
    assert response.content.decode().count(reverse("account-detail", args=[account.pk])) == 1


def test_account_list_empty_state(as_user, other_ae, account):
    page = as_user(other_ae).get(reverse("account-list")).content.decode()

    assert "No accounts yet" in page
    assert account.name not in page


def make_accounts(n, lead_ae, creative):
    for _ in range(n):
        account = AccountFactory(lead_ae=lead_ae)
        on_team(account, creative)


def count_queries(browser, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["account-list", "pipeline", "client-list"])
def test_list_queries_do_not_grow_with_the_accounts(
    as_user, ae, creative, page, django_assert_max_num_queries
):
    browser = as_user(ae)
    url = reverse(page)
    make_accounts(3, ae, creative)
    few = count_queries(browser, url)

    make_accounts(30, ae, creative)
    with django_assert_max_num_queries(few):
        response = browser.get(url)

    assert response.status_code == 200
    assert few <= 10  # session, user, session save, count, rows, filter choices


def test_an_ae_opens_an_account_and_leads_it(as_user, ae):
    client = ClientFactory(created_by=ae, currency="USD")
    browser = as_user(ae)

    form = browser.get(reverse("account-create"), {"client": client.pk})
    response = browser.post(
        reverse("account-create"), {"client": client.pk, "name": "Launch", "budget": "1200.50"}
    )

    assert form.context["form"]["client"].value() == str(client.pk)
    account = Account.objects.get(name="Launch")
    assert response["Location"] == reverse("account-detail", args=[account.pk])
    assert account.lead_ae == ae and account.currency == "USD"
    assert account.stage == Stage.FIRST_CONTACT
    assert TeamMember.objects.filter(account=account, user=ae, role_on_account="lead_ae").exists()


def test_an_ad_must_name_the_lead_ae(as_user, ad, ae):
    client = ClientFactory(created_by=ad)

    response = as_user(ad).post(
        reverse("account-create"), {"client": client.pk, "name": "Launch", "budget": "0"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["lead_ae"]
    assert not Account.objects.exists()


def test_a_negative_budget_is_refused(as_user, ae):
    client = ClientFactory(created_by=ae)

    response = as_user(ae).post(
        reverse("account-create"), {"client": client.pk, "name": "Launch", "budget": "-5"}
    )

    assert response.context["form"].errors["budget"]
    assert not Account.objects.exists()


def test_an_account_cannot_be_opened_for_an_invisible_client(as_user, ae):
    stranger = ClientFactory()

    response = as_user(ae).post(
        reverse("account-create"), {"client": stranger.pk, "name": "Sneaky", "budget": "0"}
    )

    assert response.context["form"].errors["client"]
    assert not Account.objects.exists()


def test_an_ae_edits_the_account(as_user, ae, account):
    response = as_user(ae).post(
        reverse("account-edit", args=[account.pk]),
        {"name": "Renamed", "budget": "99.99", "currency": "EUR", "lead_ae": ae.pk},
    )

    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.name, str(account.budget), account.currency) == ("Renamed", "99.99", "EUR")


@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_gets_404_on_account_pages_and_changes_nothing(as_user, other_ae, account, method):
    browser = as_user(other_ae)
    BriefFactory(account=account)

    pages = [
        browser.get(reverse("account-detail", args=[account.pk])),
        browser.get(reverse("account-lifecycle", args=[account.pk])),
        getattr(browser, method)(
            reverse("account-edit", args=[account.pk]),
            {"name": "Hijacked", "budget": "1", "currency": "CNY", "lead_ae": other_ae.pk},
        ),
        browser.post(reverse("account-transition", args=[account.pk, "record_brief"]), **HTMX),
    ]

    assert [p.status_code for p in pages] == [404, 404, 404, 404]
    account.refresh_from_db()
    assert (account.name, account.stage) == ("Spring launch 春季新品", Stage.FIRST_CONTACT)
    assert not StageChange.objects.exists()


def test_a_creative_on_the_team_may_see_but_not_edit_the_account(as_user, creative, account):
    on_team(account, creative)
    browser = as_user(creative)

    detail = browser.get(reverse("account-detail", args=[account.pk]))
    edit_form = browser.get(reverse("account-edit", args=[account.pk]))
    edit = browser.post(
        reverse("account-edit", args=[account.pk]),
        {"name": "Changed", "budget": "1", "currency": "CNY", "lead_ae": account.lead_ae_id},
    )

    page = detail.content.decode()
    assert detail.status_code == 200
    assert 'data-testid="edit-account"' not in page
    assert 'data-testid="edit-brief"' not in page
    assert 'data-testid="team-add-form"' not in page
    assert (edit_form.status_code, edit.status_code) == (403, 403)
    account.refresh_from_db()
    assert account.name != "Changed"


# --- The pipeline board -------------------------------------------------------------------------
def test_pipeline_has_a_column_per_stage_with_cards(as_user, ae, account):
    briefed = AccountFactory(lead_ae=ae, name="Briefed one")
    BriefFactory(account=briefed)
    take_transition(account=briefed, name="record_brief", by=ae)

    response = as_user(ae).get(reverse("pipeline"))

    columns = {c.stage: c for c in response.context["columns"]}
    assert list(columns) == [str(s) for s in PIPELINE]
    assert [a.name for a in columns["first_contact"].accounts] == [account.name]
    assert [a.name for a in columns["briefed"].accounts] == ["Briefed one"]
    page = response.content.decode()
    assert "¥500,000.00 CNY" in page  # the budget, grouped with two decimals
    assert account.client.name in page and str(ae) in page


def test_pipeline_caps_cards_per_column_and_links_to_the_rest(as_user, ae, monkeypatch):
    monkeypatch.setattr(selectors, "PIPELINE_CARDS_PER_STAGE", 3)
    newest = [AccountFactory(lead_ae=ae) for _ in range(5)][-3:]

    response = as_user(ae).get(reverse("pipeline"))

    column = response.context["columns"][0]
    assert column.count == 5
    assert [a.pk for a in column.accounts] == [a.pk for a in reversed(newest)]
    assert f"{reverse('account-list')}?stage=first_contact" in response.content.decode()


def test_pipeline_counts_side_stages_and_filters_by_ae_and_client(as_user, ae, ad, account):
    mine = AccountFactory(lead_ae=ae)
    take_transition(account=mine, name="hold", by=ae, note="Client busy")
    colleague = AccountFactory(lead_ae=UserFactory(username="colleague"))

    everything = as_user(ad).get(reverse("pipeline"))
    by_client = as_user(ad).get(reverse("pipeline"), {"client": account.client_id})

    assert everything.context["side"]["on_hold"] == 1
    assert everything.context["total"] == 2  # the colleague's account is not visible to ad
    assert by_client.context["total"] == 1
    assert colleague.name not in everything.content.decode()


def test_empty_pipeline_says_how_to_start(as_user, ae):
    page = as_user(ae).get(reverse("pipeline")).content.decode()

    assert "The pipeline is empty" in page


# --- The account page and its transitions ---------------------------------------------------------
def test_account_page_shows_brief_team_and_disabled_buttons_with_reasons(as_user, ae, account):
    response = as_user(ae).get(reverse("account-detail", args=[account.pk]))

    page = response.content.decode()
    options = {o.name: o for o in response.context["options"]}
    assert not options["record_brief"].allowed
    assert "The account has no brief yet." in options["record_brief"].reasons
    assert 'data-testid="reasons-record_brief"' in page
    assert "The account has no brief yet." in page
    assert 'data-testid="transition-record_brief"' in page and "disabled" in page
    assert "No brief yet" in page and 'data-testid="team"' in page


def test_a_missing_brief_item_is_listed_on_the_page(as_user, ae, account):
    BriefFactory(account=account, sales_targets="")

    page = as_user(ae).get(reverse("account-detail", args=[account.pk])).content.decode()

    assert 'data-testid="brief-missing"' in page
    assert "The brief has no sales targets." in page


def test_taking_a_transition_through_htmx_moves_the_stage(as_user, ae, account):
    BriefFactory(account=account)

    response = as_user(ae).post(
        reverse("account-transition", args=[account.pk, "record_brief"]), **HTMX
    )

    assert response.status_code == 200
    account.refresh_from_db()
    assert account.stage == Stage.BRIEFED
    change = StageChange.objects.get()
    assert (change.transition, change.source, change.target, change.by) == (
        "record_brief",
        "first_contact",
        "briefed",
        ae,
    )
    page = response.content.decode()
    assert 'id="account-lifecycle"' in page
    assert 'id="account-stage" class' in page and 'hx-swap-oob="true"' in page
    assert "moved from First contact to Briefed" in page
    assert 'data-testid="stage-change"' in page


def test_a_transition_without_htmx_redirects_with_a_message(as_user, ae, account):
    BriefFactory(account=account)

    response = as_user(ae).post(
        reverse("account-transition", args=[account.pk, "record_brief"]), follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("account-detail", args=[account.pk])
    assert "moved from First contact to Briefed" in response.content.decode()


def test_an_unmet_guard_is_shown_and_nothing_changes(as_user, ae, account):
    response = as_user(ae).post(
        reverse("account-transition", args=[account.pk, "record_brief"]), **HTMX
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="transition-error"' in page
    assert "The account has no brief yet." in page
    account.refresh_from_db()
    assert account.stage == Stage.FIRST_CONTACT
    assert not StageChange.objects.exists()


def test_a_reason_is_required_and_the_typed_note_is_kept(as_user, ae, account):
    browser = as_user(ae)
    url = reverse("account-transition", args=[account.pk, "hold"])

    refused = browser.post(url, {"note": "   "}, **HTMX)
    taken = browser.post(url, {"note": "Budget frozen until Q3"}, **HTMX)

    assert refused.status_code == 400
    assert "Give a reason." in refused.content.decode()
    assert taken.status_code == 200
    account.refresh_from_db()
    assert account.stage == Stage.ON_HOLD
    assert StageChange.objects.get().note == "Budget frozen until Q3"
    assert "Budget frozen until Q3" in taken.content.decode()  # in the timeline


def test_a_missing_reason_reopens_the_reason_field(as_user, ae, account):
    response = as_user(ae).post(
        reverse("account-transition", args=[account.pk, "lose"]), {"note": ""}, **HTMX
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="collapse show" id="step-lose"' in page
    assert 'id="note-lose" rows="2" maxlength="4000" required class="form-control' in page


def test_a_note_for_a_step_no_longer_possible_is_shown_back(as_user, ae, ad, account):
    take_transition(account=account, name="hold", by=ad, note="Paused by the AD")

    # The AE's page still offered "Mark lost"; meanwhile the AD put the account on hold.
    response = as_user(ae).post(
        reverse("account-transition", args=[account.pk, "lose"]),
        {"note": "The client chose another agency"},
        **HTMX,
    )

    assert response.status_code == 409
    assert "The client chose another agency" in response.content.decode()
    account.refresh_from_db()
    assert account.stage == Stage.ON_HOLD


def test_a_stale_button_answers_409_and_shows_the_current_state(as_user, ae, account):
    BriefFactory(account=account)
    take_transition(account=account, name="record_brief", by=ae)

    response = as_user(ae).post(
        reverse("account-transition", args=[account.pk, "record_brief"]), **HTMX
    )

    assert response.status_code == 409
    assert "is not possible from the stage" in response.content.decode()
    assert StageChange.objects.count() == 1


def test_a_creative_on_the_team_gets_403_on_a_transition(as_user, creative, account):
    on_team(account, creative)
    BriefFactory(account=account)

    response = as_user(creative).post(
        reverse("account-transition", args=[account.pk, "record_brief"]), **HTMX
    )

    assert response.status_code == 403
    assert "Only an AE on the account" in response.content.decode()
    account.refresh_from_db()
    assert account.stage == Stage.FIRST_CONTACT


def test_the_timeline_lists_who_and_when(as_user, ae, account):
    BriefFactory(account=account)
    take_transition(account=account, name="record_brief", by=ae, note="Signed brief received")

    page = as_user(ae).get(reverse("account-detail", args=[account.pk])).content.decode()

    assert "Record brief" in page and "Signed brief received" in page
    # In the agency's time zone: the AE chose none (app.js formats it in the same zone).
    at = timezone.localtime(StageChange.objects.get().at)
    text = dateformat.format(at, "Y-m-d H:i T")
    assert f'<time datetime="{at.isoformat()}" data-local>{text}</time>' in page


@pytest.mark.parametrize("page", ["account-detail", "client-detail"])
def test_detail_queries_do_not_grow_with_team_history_and_contacts(
    as_user, ae, account, page, django_assert_max_num_queries
):
    browser = as_user(ae)
    BriefFactory(account=account)
    url = reverse(page, args=[account.pk if page == "account-detail" else account.client_id])

    def grow(n):
        for _ in range(n):
            on_team(account, UserFactory(department="creative", level=""))
            take_transition(account=account, name="hold", by=ae, note="Paused")
            take_transition(account=account, name="resume", by=ae, note="Back")
            ContactFactory(client=account.client)
            AccountFactory(lead_ae=ae, client=account.client)

    grow(1)
    few = count_queries(browser, url)
    grow(10)
    with django_assert_max_num_queries(few):
        assert browser.get(url).status_code == 200


def test_a_filter_with_more_choices_than_anyone_scrolls_offers_the_chosen_one(
    as_user, finance, monkeypatch
):
    from accounts import forms as account_forms
    from tests.factories import AccountFactory

    first, second = AccountFactory(), AccountFactory()
    monkeypatch.setattr(account_forms, "FILTER_OPTIONS_AT_MOST", 1)

    page = as_user(finance).get("/accounts/").content.decode()
    chosen = as_user(finance).get(f"/accounts/?client={first.client_id}").content.decode()

    assert f'value="{first.client_id}"' not in page and "Too many to list" in page
    assert f'value="{first.client_id}" selected' in chosen
    assert f'<option value="{second.client_id}"' not in chosen
