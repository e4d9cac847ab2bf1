"""The Django admin shows everything and bypasses no service: stages and history are
read-only there."""

import pytest
from django.test import Client as BrowserClient
from django.urls import reverse

from accounts.models import Account, StageChange
from accounts.services import take_transition
from agency.models import AccountGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_browser(admin_user):
    browser = BrowserClient()
    browser.force_login(admin_user)
    return browser


@pytest.fixture
def history(team_account, ae):
    take_transition(account=team_account, name="record_brief", by=ae, note="Signed")
    return StageChange.objects.get(account=team_account)


@pytest.mark.parametrize(
    "model",
    [
        "accounts.account",
        "accounts.client",
        "accounts.stagechange",
        "campaigns.brief",
        "campaigns.teammember",
        "agency.user",
        "agency.accountgroup",
    ],
)
def test_every_admin_list_and_page_renders(model, admin_browser, history, ae):
    app, name = model.split(".")
    assert admin_browser.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200
    obj = {
        "accounts.account": history.account,
        "accounts.client": history.account.client,
        "accounts.stagechange": history,
        "campaigns.brief": getattr(history.account, "brief", None),
        "campaigns.teammember": history.account.team_members.first(),
        "agency.user": ae,
        "agency.accountgroup": AccountGroup.objects.first(),
    }.get(model)
    if obj is not None:
        page = admin_browser.get(reverse(f"admin:{app}_{name}_change", args=[obj.pk]))
        assert page.status_code == 200


def test_the_admin_edits_an_account_but_never_its_stage(admin_browser, history):
    account = history.account
    url = reverse("admin:accounts_account_change", args=[account.pk])

    response = admin_browser.post(
        url,
        {
            "client": account.client_id,
            "name": "Renamed in admin",
            "budget": "42.00",
            "currency": "CNY",
            "stage": "collected",
            "stage_changes-TOTAL_FORMS": "1",
            "stage_changes-INITIAL_FORMS": "1",
            "stage_changes-MIN_NUM_FORMS": "0",
            "stage_changes-MAX_NUM_FORMS": "1000",
            "stage_changes-0-id": history.pk,
            "stage_changes-0-account": account.pk,
        },
    )

    assert response.status_code == 302, response.content[:2000]
    account.refresh_from_db()
    assert (account.name, account.stage) == ("Renamed in admin", "briefed")
    assert StageChange.objects.filter(account=account).count() == 1


def test_the_history_cannot_be_changed_or_deleted_in_the_admin(admin_browser, history):
    delete = admin_browser.post(
        reverse("admin:accounts_stagechange_delete", args=[history.pk]), {"post": "yes"}
    )
    change = admin_browser.post(
        reverse("admin:accounts_stagechange_change", args=[history.pk]), {"note": "Rewritten"}
    )

    assert delete.status_code == 403
    assert change.status_code == 403
    history.refresh_from_db()
    assert history.note == "Signed"


def test_accounts_are_not_opened_in_the_admin(admin_browser):
    assert admin_browser.get(reverse("admin:accounts_account_add")).status_code == 403
    assert not Account.objects.exists()
