"""reliability.md 13: every account transition × role × source stage, through the API.

The expectation comes from domain.md's table (SOURCES, WHO below), not from the model's own
declarations: a transition not possible from the stage is 409 `invalid_transition`; a role
that may not take it 403; an account the role cannot see 404; a guard unmet 400 with its
`reasons`. Every refusal leaves the stage and the history as they were; a success moves the
stage to the target and adds exactly one history row naming the user.
"""

from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.models import Stage, StageChange
from accounts.services import take_transition
from billing import services as billing
from campaigns.models import TeamMember
from tests import lifecycle
from tests.factories import AccountFactory

pytestmark = pytest.mark.django_db

OPEN = [s.value for s in Stage if s not in (Stage.COLLECTED, Stage.LOST, Stage.CANCELLED)]
OPEN.remove(Stage.ON_HOLD)
BEFORE_APPROVAL = OPEN[: OPEN.index(Stage.APPROVED)]
MAIN = [*OPEN, Stage.COLLECTED]
NEXT = dict(zip(MAIN, MAIN[1:], strict=False))

#: domain.md: from which stages each transition goes.
SOURCES = {
    "record_brief": ["first_contact"],
    "form_team": ["briefed"],
    "start_planning": ["team_formed"],
    "present_proposal": ["planning"],
    "request_revision": ["proposal_presented"],
    "approve": ["proposal_presented"],
    "start_production": ["approved"],
    "book_media": ["in_production"],
    "launch": ["media_booked"],
    "start_evaluation": ["running"],
    "invoice": ["evaluating"],
    "collect": ["invoiced"],
    "hold": OPEN,
    "resume": ["on_hold"],
    "lose": BEFORE_APPROVAL,
    "cancel": [*OPEN, "on_hold"],
}
TEAM = {"admin", "ad", "ae"}  # a team AE, the AD of the lead AE, an administrator
#: domain.md: who may take each transition (finance and the system collect).
WHO = {name: TEAM for name in SOURCES} | {
    "collect": {"admin", "finance"},
    "cancel": {"admin", "ad"},
}
ROLES = ["admin", "ad", "ae", "creative", "finance", "other_ae"]
TARGET = {"request_revision": "planning", "hold": "on_hold", "lose": "lost", "cancel": "cancelled"}


@pytest.fixture(scope="module")
def stages(world):
    """One account of `ae`'s (with `creative` on its team) at every stage."""
    ae, admin, finance = world.users["ae"], world.users["admin"], world.users["finance"]
    accounts = {}
    for stage in [*MAIN, "on_hold", "lost", "cancelled"]:
        account = AccountFactory(lead_ae=ae, client=world.client, budget=Decimal("1000.00"))
        TeamMember.objects.create(account=account, user=world.users["creative"])
        if stage in MAIN:
            reach = Stage.INVOICED if stage == Stage.COLLECTED else stage
            account = lifecycle.advance(account, to=reach, by=admin)
        if stage == Stage.COLLECTED:
            for invoice in account.invoices.filter(status="issued"):
                billing.record_payment(
                    invoice=invoice,
                    by=finance,
                    amount=invoice.total,
                    method="cheque",
                    received_on=timezone.localdate(),
                    idempotency_key=f"t-{invoice.pk}",
                )
        side = {
            "on_hold": ("planning", "hold"),
            "lost": ("briefed", "lose"),
            "cancelled": ("planning", "cancel"),
        }
        if stage in side:
            account = lifecycle.advance(account, to=side[stage][0], by=admin)
            take_transition(account=account, name=side[stage][1], by=admin, note="side")
        account.refresh_from_db()
        assert account.stage == stage
        accounts[stage] = account
    return accounts


def expected(name: str, stage: str, role: str) -> str:
    if role == "other_ae":
        return "404"
    if stage not in SOURCES[name]:
        return "409"
    return "allowed" if role in WHO[name] else "403"


def cases():
    for name in SOURCES:
        for stage in [*MAIN, "on_hold", "lost", "cancelled"]:
            roles = ROLES if stage in SOURCES[name] else ["ae", "creative", "other_ae"]
            for role in roles:
                yield name, stage, role


@pytest.mark.parametrize("name", list(SOURCES))
def test_every_transition_from_every_stage_for_every_role(name, stages, world):
    wrong = []
    for transition, stage, role in cases():
        if transition != name:
            continue
        account = stages[stage]
        with transaction.atomic():
            problem = _check(world, account, name, role, expected(name, stage, role))
            transaction.set_rollback(True)
        if problem:
            wrong.append((stage, role, problem))
    assert not wrong, wrong


def _check(world, account, name, role, want) -> str:
    account.refresh_from_db()  # the previous role's call was rolled back
    source, held_from = account.stage, account.held_from
    history = StageChange.objects.filter(account=account).count()
    response = world.clients[role].post(
        f"/api/accounts/{account.pk}/transitions/{name}/",
        {"note": "A reason"},
        content_type="application/json",
    )
    code, body = response.status_code, response.json()
    account.refresh_from_db()
    changes = StageChange.objects.filter(account=account)
    if code == 200 and want == "allowed":
        target = TARGET.get(name) or (held_from if name == "resume" else NEXT[source])
        last = changes.last()
        ok = changes.count() == history + 1 and last.by == world.user(role)
        ok = ok and account.stage == body["stage"] and last.target == account.stage
        ok = ok and last.transition == name and account.stage == target
        return "" if ok else f"moved wrongly: {account.stage} {changes.count()} {history}"
    if code == 400 and want == "allowed":
        problem = "" if body.get("reasons") else "400 without reasons"
    elif str(code) != want:
        return f"{code} instead of {want}: {body}"
    else:
        problem = ""
        if code == 409 and body.get("code") != "invalid_transition":
            problem = f"409 without code: {body}"
    if changes.count() != history:
        problem += " history changed"
    return problem
