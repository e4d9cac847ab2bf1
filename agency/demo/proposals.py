"""The demo's proposals: each account's walk presents, revises and gets its proposal accepted
through campaigns.services.proposals, which takes the account's transitions with it.

`present_proposal`, `request_revision` and `approve` check that the proposal side happened
(campaigns.guards), so the walk takes them here (`history.instead`): a version is written
from the brief, submitted, approved internally by the AD, and presented; a revision request
opens the next version; the client's acceptance names a contact and a reference. A `lose`
while a proposal is presented is the client's rejection of it. Afterwards `seed` moves the
proposals' times back onto the account's history.
"""

from datetime import timedelta
from decimal import Decimal

from accounts.models import Account, Stage, StageChange
from accounts.services import take_transition
from campaigns.models import Proposal, ProposalChange
from campaigns.services import proposals as services

from . import Demo, history

#: Where an accepted budget goes (item, department, share of the account's budget; the last
#: takes the rest). The media share is what the demo books (agency.demo.billing).
BUDGET_SPLIT = [
    ("Creative development and production 创意与制作", "production", Decimal("0.25")),
    ("Media 媒介投放", "media", Decimal("0.65")),
    ("Agency fee 代理服务费", "account", None),
]
SECTION_TITLES = {
    "strategy": "Strategy and positioning 策略与定位",
    "creative": "Creative concept 创意概念",
    "media": "Media plan 媒介计划",
    "promotion": "Promotion mechanics 促销方案",
    "pr": "PR plan 公关计划",
    "production": "Production schedule 制作排期",
}
#: Proposal transition → the account transition it takes (for moving times back).
PAIRED = {
    "present": "present_proposal",
    "request_revision": "request_revision",
    "accept": "approve",
    "reject": "lose",
}


def _latest(account: Account) -> Proposal | None:
    return Proposal.objects.filter(account=account).order_by("-version").first()


def _sections(account: Account) -> list[dict]:
    brief = account.brief
    departments = ["strategy", *[d for d in brief.departments_needed if d != "strategy"]]
    return [
        {
            "department": code,
            "title": SECTION_TITLES.get(code, code),
            "body": f"{brief.product}\n{brief.target_audience}\n{brief.proposal_requirements}",
        }
        for code in departments
        if code in SECTION_TITLES
    ]


def _budget(account: Account) -> list[dict]:
    lines, left = [], account.budget
    for description, department, share in BUDGET_SPLIT:
        amount = left if share is None else (account.budget * share).quantize(Decimal("0.01"))
        lines.append({"description": description, "department": department, "amount": amount})
        left -= amount
    return lines


@history.instead("present_proposal")
def present(account: Account, *, by, note, actors, rng) -> None:
    """The open version (a revision's draft) or a new one, approved by the AD and presented."""
    proposal = _latest(account)
    if proposal is None or proposal.status != "draft":
        proposal = services.create_proposal(
            account=account,
            by=by,
            title=f"{account.name} 提案",
            sections=_sections(account),
            budget_lines=_budget(account),
        )
    services.submit_proposal(proposal=proposal, by=by)
    services.approve_proposal_internally(proposal=proposal, by=actors.director)
    services.present_proposal(proposal=proposal, by=by, note=note)


@history.instead("request_revision")
def request_revision(account: Account, *, by, note, actors, rng) -> None:
    services.request_proposal_revision(proposal=_latest(account), by=by, reason=note)


@history.instead("approve")
def approve(account: Account, *, by, note, actors, rng) -> None:
    contact = account.client.contacts.order_by("id").first()
    services.accept_proposal(
        proposal=_latest(account),
        by=by,
        approved_by=contact.name if contact else "Marketing director 市场总监",
        reference=f"PO-{account.pk:05d}",
        note=note,
    )


@history.instead("lose")
def lose(account: Account, *, by, note, actors, rng) -> None:
    account.refresh_from_db()
    proposal = _latest(account)
    if account.stage == Stage.PROPOSAL_PRESENTED and proposal and proposal.status == "presented":
        services.reject_proposal(proposal=proposal, by=by, reason=note)
    else:
        take_transition(account=account, name="lose", by=by, note=note)


# --- Moving the times back ---------------------------------------------------------------
def seed(demo: Demo) -> None:
    """Put each proposal change at its account's matching stage change (the paired ones) or
    a day apart before it (writing, submitting, the AD's approval). Idempotent: the times
    follow from the accounts' histories, which are seeded once."""
    # The demo's own clients only: the scaled agency (agency.demo.scale) writes its proposal
    # changes at their times already, and walking its 100k accounts here took minutes.
    accounts = Account.objects.filter(
        client__in=list(demo.clients.values()), proposals__isnull=False
    ).distinct()
    for account in accounts.iterator():
        _backdate(account)


def _backdate(account: Account) -> None:
    at = {}
    for transition in set(PAIRED.values()):
        at[transition] = list(
            StageChange.objects.filter(account=account, transition=transition)
            .order_by("id")
            .values_list("at", flat=True)
        )
    changes = ProposalChange.objects.filter(proposal__account=account).order_by("id")
    used = {transition: 0 for transition in at}
    moments = {}
    for change in changes:
        paired = PAIRED.get(change.transition)
        if paired and used[paired] < len(at[paired]):
            moments[change.pk] = at[paired][used[paired]]
            used[paired] += 1
    _fill_the_gaps(list(changes), moments)
    for change in changes:
        if change.pk in moments:
            ProposalChange.objects.filter(pk=change.pk).update(at=moments[change.pk])
    _stamp_proposals(account)


def _fill_the_gaps(changes: list[ProposalChange], moments: dict) -> None:
    """Unpaired changes (create, submit, approve_internally) a day before the next dated one."""
    following = None
    for change in reversed(changes):
        if change.pk in moments:
            following = moments[change.pk]
        elif following is not None:
            following = following - timedelta(days=1)
            moments[change.pk] = following


def _stamp_proposals(account: Account) -> None:
    for proposal in Proposal.objects.filter(account=account):
        times = dict(proposal.changes.values_list("transition", "at"))
        if not times:
            continue
        values = {"created_at": times.get("create"), "updated_at": max(times.values())}
        for transition, field in (
            ("submit", "submitted_at"),
            ("approve_internally", "approved_internally_at"),
            ("present", "presented_at"),
        ):
            if getattr(proposal, field) is not None and transition in times:
                values[field] = times[transition]
        decided = [times[t] for t in ("accept", "request_revision", "reject") if t in times]
        if decided and proposal.decided_at is not None:
            values["decided_at"] = decided[0]
        Proposal.objects.filter(pk=proposal.pk).update(
            **{k: v for k, v in values.items() if v is not None}
        )
