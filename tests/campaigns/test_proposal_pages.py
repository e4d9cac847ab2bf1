"""The proposal pages: draft form, action buttons with reasons, frozen versions, lists."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.services import take_transition
from campaigns.models import Proposal
from campaigns.services import proposals as services
from tests.factories import AccountFactory, BriefFactory, make_proposal, walk_proposal

pytestmark = pytest.mark.django_db


def form_data(title, sections=(), lines=()):
    data = {
        "title": title,
        "sections-TOTAL_FORMS": str(len(sections)),
        "sections-INITIAL_FORMS": "0",
        "budget-TOTAL_FORMS": str(len(lines)),
        "budget-INITIAL_FORMS": "0",
    }
    for i, (department, section_title, body) in enumerate(sections):
        data |= {
            f"sections-{i}-department": department,
            f"sections-{i}-title": section_title,
            f"sections-{i}-body": body,
        }
    for i, (description, amount) in enumerate(lines):
        data |= {f"budget-{i}-description": description, f"budget-{i}-amount": amount}
    return data


def test_an_ae_drafts_a_proposal_in_the_browser_form(client, planning_account, ae):
    client.force_login(ae)
    data = form_data(
        "Autumn 秋季",
        sections=[("strategy", "策略", "Line one\nLine two"), ("creative", "", "")],
        lines=[("Production", "1000.10"), ("", "")],
    )

    response = client.post(f"/accounts/{planning_account.pk}/proposals/new/", data)

    proposal = Proposal.objects.get(account=planning_account)
    assert response.status_code == 302 and response["Location"] == f"/proposals/{proposal.pk}/"
    assert [s.title for s in proposal.sections.all()] == ["策略"]  # the blank row is skipped
    assert proposal.budget_total == Decimal("1000.10")


def test_the_form_explains_an_incomplete_row(client, planning_account, ae):
    client.force_login(ae)
    data = form_data("T", sections=[("strategy", "", "A body without a title")])

    response = client.post(f"/accounts/{planning_account.pk}/proposals/new/", data)

    assert response.status_code == 200
    assert "Give the section a title." in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_draft_is_edited_through_the_form(client, planning_account, ae):
    proposal = make_proposal(planning_account, by=ae)
    client.force_login(ae)
    data = form_data("Renamed", sections=[("pr", "PR 公关", "Press day")], lines=[("All", "5.00")])

    response = client.post(f"/proposals/{proposal.pk}/edit/", data)

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Renamed"
    assert [s.title for s in proposal.sections.all()] == ["PR 公关"]
    assert proposal.budget_total == Decimal("5.00")


def test_the_accepted_version_cannot_be_edited_in_the_browser(client, planning_account, ae, ad):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="accepted", ae=ae, ad=ad)
    client.force_login(ae)

    page = client.get(f"/proposals/{proposal.pk}/edit/", follow=True)
    posted = client.post(
        f"/proposals/{proposal.pk}/edit/", form_data("Changed", lines=[("x", "1.00")]), follow=True
    )

    for response in (page, posted):
        assert response.redirect_chain[-1][0] == f"/proposals/{proposal.pk}/"
        assert "it is frozen" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.title == "Spring launch 春季新品提案"
    assert proposal.budget_total == Decimal("450000.50")
    detail = client.get(f"/proposals/{proposal.pk}/").content.decode()
    assert f'href="/proposals/{proposal.pk}/edit/"' not in detail


def test_buttons_say_why_a_creative_cannot_approve(client, planning_account, ae, ad, creative):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="submitted", ae=ae, ad=ad)
    client.force_login(creative)

    page = client.get(f"/proposals/{proposal.pk}/").content.decode()
    refused = client.post(f"/proposals/{proposal.pk}/actions/approve_internally/", follow=True)

    assert "Only the account director of the lead AE may approve a proposal internally." in page
    assert f'action="/proposals/{proposal.pk}/actions/approve_internally/"' not in page
    assert "Only the account director" in refused.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


def test_the_ad_approves_from_the_page(client, planning_account, ae, ad):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="submitted", ae=ae, ad=ad)
    client.force_login(ad)

    page = client.get(f"/proposals/{proposal.pk}/").content.decode()
    response = client.post(f"/proposals/{proposal.pk}/actions/approve_internally/")

    assert f'action="/proposals/{proposal.pk}/actions/approve_internally/"' in page
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "approved_internally"


def test_a_revision_from_the_page_opens_the_next_version(client, planning_account, ae, ad):
    proposal = walk_proposal(make_proposal(planning_account, by=ae), to="presented", ae=ae, ad=ad)
    client.force_login(ae)

    response = client.post(
        f"/proposals/{proposal.pk}/actions/request_revision/", {"reason": "Add outdoor"}
    )

    following = Proposal.objects.get(account=planning_account, version=2)
    assert response["Location"] == f"/proposals/{following.pk}/"
    compare = client.get(f"/proposals/{following.pk}/compare/")
    assert compare.status_code == 200 and 'data-testid="proposal-diff"' in compare.content.decode()


def test_an_outsider_gets_404_on_every_page(client, planning_account, ae, other_ae):
    proposal = make_proposal(planning_account, by=ae)
    client.force_login(other_ae)

    answers = [
        client.get(f"/proposals/{proposal.pk}/").status_code,
        client.get(f"/proposals/{proposal.pk}/edit/").status_code,
        client.get(f"/proposals/{proposal.pk}/compare/").status_code,
        client.post(f"/proposals/{proposal.pk}/actions/submit/").status_code,
        client.get(f"/accounts/{planning_account.pk}/proposals/").status_code,
        client.get(f"/accounts/{planning_account.pk}/proposals/new/").status_code,
    ]

    assert answers == [404] * 6
    proposal.refresh_from_db()
    assert proposal.status == "draft"


def test_the_proposal_list_page_costs_the_same_queries_as_it_grows(client, ae, ad):
    def open_proposals(n):
        for _ in range(n):
            account = AccountFactory(lead_ae=ae)
            BriefFactory(account=account, departments_needed=[])
            take_transition(account=account, name="record_brief", by=ae)
            take_transition(account=account, name="form_team", by=ae)
            services.submit_proposal(proposal=make_proposal(account, by=ae), by=ae)

    client.force_login(ad)
    open_proposals(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/proposals/?status=submitted").status_code == 200
    open_proposals(14)
    with CaptureQueriesContext(connection) as fifteen:
        page = client.get("/proposals/?status=submitted")

    assert page.content.decode().count('data-status="submitted"') == 15
    assert len(fifteen) == len(one), [q["sql"][:120] for q in fifteen]
    # session, user, count, awaiting accounts, proposals, sections, budget lines; and the
    # session's save (savepoint, update, release) that keeps the idle timeout sliding.
    assert len(one) <= 11, "\n".join(q["sql"][:90] for q in one)


def test_the_list_points_to_accounts_ready_for_a_proposal(client, planning_account, ae, finance):
    client.force_login(ae)
    link = f'href="/accounts/{planning_account.pk}/proposals/"'

    before = client.get("/proposals/").content.decode()
    make_proposal(planning_account, by=ae)
    after = client.get("/proposals/").content.decode()
    client.force_login(finance)
    for_finance = client.get("/proposals/").content.decode()

    assert link in before and 'data-testid="awaiting-proposal"' in before
    assert link not in after
    assert link not in for_finance


def test_a_creative_sees_why_they_cannot_open_a_proposal(client, planning_account, creative):
    client.force_login(creative)

    page = client.get(f"/accounts/{planning_account.pk}/proposals/").content.decode()
    refused = client.post(f"/accounts/{planning_account.pk}/proposals/new/", follow=True)

    assert 'data-testid="new-proposal"' not in page
    assert "Only an AE on the account&#x27;s team" in page
    assert "Only an AE on the account&#x27;s team" in refused.content.decode()
    assert not Proposal.objects.exists()


def test_a_creative_edits_only_the_creative_sections_in_the_form(
    client, planning_account, ae, creative
):
    proposal = make_proposal(planning_account, by=ae)
    client.force_login(creative)

    form = client.get(f"/proposals/{proposal.pk}/edit/").content.decode()
    data = form_data("ignored", sections=[("creative", "Big idea 大创意", "茶")])
    del data["title"]
    response = client.post(f"/proposals/{proposal.pk}/edit/", data)

    assert 'name="title"' not in form and 'name="budget-0-amount"' not in form
    assert "Creative concept 创意" in form and "Strategy 策略" not in form
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert [(s.department, s.title) for s in proposal.sections.all()] == [
        ("strategy", "Strategy 策略"),
        ("creative", "Big idea 大创意"),
        ("media", "Media plan 媒介计划"),
    ]
    assert proposal.title == "Spring launch 春季新品提案"
