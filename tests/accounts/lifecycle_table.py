"""domain.md's transition table, written out independently of accounts.models, so that the
tests fail when the model drifts from the product brief.

Guards that need objects (an effect report, invoices, ...) are met by `prepare`, built on
tests.lifecycle.prepare, so that the tests of "allowed" keep meaning "allowed".
"""

from accounts.models import Account

PIPELINE = [
    "first_contact",
    "briefed",
    "team_formed",
    "planning",
    "proposal_presented",
    "approved",
    "in_production",
    "media_booked",
    "running",
    "evaluating",
    "invoiced",
    "collected",
]
OPEN = PIPELINE[:-1]
BEFORE_APPROVAL = PIPELINE[: PIPELINE.index("approved")]
ALL_STAGES = [*PIPELINE, "on_hold", "lost", "cancelled"]

#: transition -> (the stages it starts from, the stage it ends in; None: where hold left)
TABLE: dict[str, tuple[list[str], str | None]] = {
    "record_brief": (["first_contact"], "briefed"),
    "form_team": (["briefed"], "team_formed"),
    "start_planning": (["team_formed"], "planning"),
    "present_proposal": (["planning"], "proposal_presented"),
    "request_revision": (["proposal_presented"], "planning"),
    "approve": (["proposal_presented"], "approved"),
    "start_production": (["approved"], "in_production"),
    "book_media": (["in_production"], "media_booked"),
    "launch": (["media_booked"], "running"),
    "start_evaluation": (["running"], "evaluating"),
    "invoice": (["evaluating"], "invoiced"),
    "collect": (["invoiced"], "collected"),
    "hold": (OPEN, "on_hold"),
    "resume": (["on_hold"], None),
    "lose": (BEFORE_APPROVAL, "lost"),
    "cancel": ([*OPEN, "on_hold"], "cancelled"),
}
#: The main line, first contact to collected.
WALK = [
    "record_brief",
    "form_team",
    "start_planning",
    "present_proposal",
    "approve",
    "start_production",
    "book_media",
    "launch",
    "start_evaluation",
    "invoice",
    "collect",
]
NEEDS_REASON = {"request_revision", "hold", "resume", "lose", "cancel"}

# Who may take each transition. Personas: "ae" leads the account; "team_ae" is another AE on
# its team (of another group); "ad" directs the lead AE; "creative" is on the team;
# "other_ae" and "other_ad" are of another group and not on the team.
TEAM_AE = {"ae", "team_ae", "ad", "admin"}
WHO: dict[str, set[str]] = {name: TEAM_AE for name in TABLE}
WHO["launch"] = WHO["start_evaluation"] = TEAM_AE | {"system"}
WHO["collect"] = {"finance", "system", "admin"}
WHO["cancel"] = {"ad", "admin"}
PERSONAS = ["ae", "team_ae", "ad", "admin", "creative", "finance", "system", "other_ae", "other_ad"]
#: Who cannot see the account at all: the API answers 404, never 403.
OUTSIDERS = {"other_ae", "other_ad"}
#: The system acts through services only (workers); it never logs in.
API_PERSONAS = [p for p in PERSONAS if p != "system"]


def invoices_paid(account: Account) -> None:
    """`collect` waits for no open balance: finance records every open invoice paid. (Paying
    the last one of an invoiced account collects it by itself, as the system.)"""
    import datetime

    from billing import services as billing
    from billing.models import OPEN_STATUSES
    from tests.factories import UserFactory

    finance = UserFactory(username="t_finance", department="finance", level="")
    for invoice in account.invoices.filter(status__in=OPEN_STATUSES):
        billing.record_payment(
            invoice=invoice,
            by=finance,
            amount=invoice.balance,
            received_on=datetime.date.today(),
            method="bank_transfer",
            idempotency_key=f"pay-{invoice.pk}",
        )


def prepare(account: Account, name: str) -> None:
    """Give transition `name`'s guard what it asks for, with the account at one of its source
    stages: the suite's one helper (tests.lifecycle.prepare), and for `collect` the invoices
    paid. Guards that later issues add are met there."""
    from tests import lifecycle

    lifecycle.prepare(account, name, account.lead_ae)
    if name == "collect":
        invoices_paid(account)


#: Fields a transition takes besides `note` (api.md: "+ transition fields, e.g. approved_by"),
#: passed to the service as keyword arguments and to the API in the request body.
FIELDS: dict[str, dict] = {}

#: The stage `hold` left, for tests that start on hold.
HELD_FROM = "planning"


def at_stage(account: Account, stage: str) -> Account:
    """The account at `stage` (on hold: held from HELD_FROM), nothing else prepared."""
    from tests.factories import place_at_stage

    return place_at_stage(account, stage, held_from=HELD_FROM if stage == "on_hold" else "")


def target_of(name: str) -> str:
    return TABLE[name][1] or HELD_FROM


def permitted_actor(name: str) -> str:
    """A persona who may take `name`, so that a refusal is down to the stage or the guard."""
    return next(p for p in ("ae", "ad", "finance") if p in WHO[name])
