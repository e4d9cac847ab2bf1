"""seed_demo's proposals: the account and its proposal never disagree, and their times follow
the account's history."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import PIPELINE, Account, Stage
from campaigns.models import ProposalChange

PAST_APPROVAL = PIPELINE[PIPELINE.index(Stage.APPROVED) :]


@pytest.mark.django_db
def test_every_account_agrees_with_its_proposal():
    call_command("seed_demo", stdout=StringIO())

    accounts = list(Account.objects.prefetch_related("proposals", "stage_changes"))
    approved = [a for a in accounts if a.stage in PAST_APPROVAL]
    presented = [a for a in accounts if a.stage == Stage.PROPOSAL_PRESENTED]
    revised = [a for a in accounts if any(p.version > 1 for p in a.proposals.all())]
    assert approved and presented and revised
    for account in approved:
        accepted = [p for p in account.proposals.all() if p.status == "accepted"]
        assert len(accepted) == 1, account.name
        assert accepted[0].budget_total == account.budget, account.name
        assert accepted[0].client_approved_by and accepted[0].client_reference
    for account in presented:
        assert max(account.proposals.all(), key=lambda p: p.version).status == "presented"
    for account in revised:
        first = min(account.proposals.all(), key=lambda p: p.version)
        assert first.status == "revision_requested" and first.next_version
    for account in accounts:
        times = list(
            ProposalChange.objects.filter(proposal__account=account)
            .order_by("id")
            .values_list("at", flat=True)
        )
        assert times == sorted(times), account.name
        presents = account.stage_changes.filter(transition="present_proposal")
        assert {c.at for c in presents} <= set(times), account.name
