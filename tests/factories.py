"""factory_boy factories. Objects with a lifecycle are moved by services, not by factories."""

from decimal import Decimal

import factory

from accounts.models import Account, Client, Contact
from agency.models import AccountGroup, Department, Level, User
from campaigns.models import Brief, TeamMember


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@agency.test")
    password = factory.django.Password("pass-word-123")
    department = Department.ACCOUNT
    level = Level.AE


class AccountGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountGroup

    name = factory.Sequence(lambda n: f"Group {n}")
    director = factory.SubFactory(UserFactory, level=Level.ACCOUNT_DIRECTOR)


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    name = factory.Sequence(lambda n: f"Client {n} 客户")
    industry = "Consumer goods"
    payment_terms_days = 30


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    client = factory.SubFactory(ClientFactory)
    name = factory.Faker("name")
    email = factory.Faker("email")


class AccountFactory(factory.django.DjangoModelFactory):
    """An account at first contact with its lead AE on the team."""

    class Meta:
        model = Account
        skip_postgeneration_save = True

    client = factory.SubFactory(ClientFactory)
    name = factory.Sequence(lambda n: f"Campaign {n}")
    lead_ae = factory.SubFactory(UserFactory)
    budget = Decimal("500000.00")

    @factory.post_generation
    def team(account, create, extracted, **kwargs):
        if create and account.lead_ae:
            TeamMember.objects.get_or_create(
                account=account, user=account.lead_ae, defaults={"role_on_account": "lead_ae"}
            )


class BriefFactory(factory.django.DjangoModelFactory):
    """A complete brief: `record_brief` may be taken."""

    class Meta:
        model = Brief

    account = factory.SubFactory(AccountFactory)
    product = "Oolong tea drink 乌龙茶饮料"
    features = "Low sugar, cold brewed"
    sales_period_start = factory.Faker("date_between", start_date="+30d", end_date="+40d")
    sales_period_end = factory.LazyAttribute(
        lambda b: b.sales_period_start.replace(year=b.sales_period_start.year + 1)
    )
    sales_targets = "2 million bottles in East China"
    budget = Decimal("500000.00")
    target_audience = "Office workers 22-35"
    departments_needed = ["creative", "media"]
    proposal_requirements = "Creative concept, media plan, promotion"


# --- Proposals: opened and moved by the services, never by a factory ------------------------
PROPOSAL_SECTIONS = [
    {
        "department": "strategy",
        "title": "Strategy 策略",
        "body": "Own the office tea break.\n抓住办公室下午茶时间。",
    },
    {"department": "creative", "title": "Creative concept 创意", "body": "冷泡的从容 Cold calm"},
    {"department": "media", "title": "Media plan 媒介计划", "body": "Metro screens and WeChat."},
]
PROPOSAL_BUDGET = [
    {"description": "Creative production 创意制作", "amount": Decimal("120000.00")},
    {"description": "Media 媒介投放", "amount": Decimal("330000.50")},
]
PROPOSAL_STEPS = ["submitted", "approved_internally", "presented", "accepted"]


def make_proposal(account, *, by, title="Spring launch 春季新品提案", sections=None, budget=None):
    """A draft through campaigns.services.proposals (the account's team must be formed)."""
    from campaigns.services.proposals import create_proposal

    return create_proposal(
        account=account,
        by=by,
        title=title,
        sections=PROPOSAL_SECTIONS if sections is None else sections,
        budget_lines=PROPOSAL_BUDGET if budget is None else budget,
    )


def walk_proposal(proposal, *, to, ae, ad, approved_by="Ms Li 李女士", reference="PO-001"):
    """Take a draft through its transitions up to status `to`, as `ae` and `ad` would; the
    account follows (it must be in planning before `presented`). `to="accepted"` leaves the
    account approved with the proposal's total as its budget."""
    from campaigns.services import proposals as services

    steps = {
        "submitted": lambda p: services.submit_proposal(proposal=p, by=ae),
        "approved_internally": lambda p: services.approve_proposal_internally(proposal=p, by=ad),
        "presented": lambda p: services.present_proposal(proposal=p, by=ae),
        "accepted": lambda p: services.accept_proposal(
            proposal=p, by=ae, approved_by=approved_by, reference=reference
        ),
    }
    for status in PROPOSAL_STEPS[: PROPOSAL_STEPS.index(to) + 1]:
        proposal = steps[status](proposal)
    return proposal


# --- Media -----------------------------------------------------------------------------------
class MediaOutletFactory(factory.django.DjangoModelFactory):
    """An outlet of reference data; buys are planned through media.services."""

    class Meta:
        model = "media.MediaOutlet"

    name = factory.Sequence(lambda n: f"Outlet {n} 媒体")
    kind = "tv"
    vendor_name = factory.LazyAttribute(lambda o: f"{o.name} sales")
    vendor_contact = "Ms Li 李女士"
    vendor_email = "sales@vendor.test"
    commission_rate = Decimal("0.15")
    currency = "CNY"


# --- Work plan, meetings, contact reports (issue 3) -------------------------------------------
class TaskFactory(factory.django.DjangoModelFactory):
    """A task owned by the account's lead AE, due in a week. Pass `status=` to start
    elsewhere (the protected field may be set once, at creation)."""

    class Meta:
        model = "campaigns.Task"

    account = factory.SubFactory(AccountFactory)
    title = factory.Sequence(lambda n: f"Task {n} 任务")
    department = Department.ACCOUNT
    owner = factory.LazyAttribute(lambda t: t.account.lead_ae)
    due_date = factory.LazyFunction(lambda: _in_days(7))


class MeetingFactory(factory.django.DjangoModelFactory):
    """A client call held two days ago (so a contact report is owed for it)."""

    class Meta:
        model = "campaigns.Meeting"

    account = factory.SubFactory(AccountFactory)
    kind = "client_call"
    held_at = factory.LazyFunction(lambda: _hours_ago(48))
    minutes = "Client asked for a bolder key visual."


def _in_days(days: int):
    from datetime import timedelta

    from django.utils import timezone

    return timezone.localdate() + timedelta(days=days)


def _hours_ago(hours: int):
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() - timedelta(hours=hours)


def place_at_stage(account: Account, stage: str, *, held_from: str = "") -> Account:
    """Test set-up only: put an account in `stage` without walking there.

    Tests of one transition start from its source stage this way, so that they do not depend
    on every earlier guard; tests of the walk itself take every transition through the service.
    """
    Account.objects.filter(pk=account.pk).update(stage=stage, held_from=held_from)
    account.refresh_from_db()
    return account
