"""Reads about clients and accounts, starting with who may see what.

`accounts_visible_to` is the one function that decides which accounts a user sees; every
page, endpoint, export and task about accounts starts from it. Invisible means 404.
"""

from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet

from agency.models import User
from agency.people import directs, is_agency_person, users_directed_by

from .lifecycle import Guard, who_may  # noqa: F401 (who_may re-exported)
from .models import Account, Client, Contact, StageChange


def sees_every_account(user: User) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or user.is_finance)


def accounts_visible_to(user: User) -> QuerySet[Account]:
    """Team members see their accounts; an AD those of every AE they direct;
    finance and administrators see all (finance read-only); a client contact's portal login
    none (the portal reads through portal.selectors)."""
    from campaigns.models import TeamMember  # campaigns builds on accounts

    accounts = Account.objects.all()
    if not is_agency_person(user):
        return accounts.none()
    if sees_every_account(user):
        return accounts
    people = User.objects.filter(pk=user.pk)
    if user.is_ad:
        people = User.objects.filter(Q(pk=user.pk) | Q(account_groups__director=user))
    # "id IN (the accounts of these people's teams)": PostgreSQL answers it with one semi-join
    # from the team table's user index, where an EXISTS per account (OR-ed for an AD) made it
    # test each of 100k accounts (1.8 s for an AD's pipeline at scale 10000; now ~10 ms).
    on_their_teams = TeamMember.objects.filter(user__in=people.values("pk")).values("account_id")
    return accounts.filter(pk__in=on_their_teams)


#: Queries name a user's accounts by id up to this many (an AD's groups: hundreds); beyond,
#: they keep the visibility subquery (tens of thousands of parameters cost more than they save).
LISTED_ACCOUNTS_MAX = 5000


@dataclass(frozen=True)
class SeenAccounts:
    """The ids of the accounts `user` sees, as visible_account_ids read them. The apps'
    visibility functions take them (`seen=`) to name the accounts by id instead of working
    the visibility out again: PostgreSQL evaluates that subquery in each query that has it,
    ~4 ms apiece for an AD (their groups, then their AEs' teams), seven times in the
    dashboard's money figures. Only visible_account_ids makes them, for one user.

    Not a list on purpose: Django rebuilds a list given to a filter value by value before
    the `__any` lookup sees it; this it passes through whole."""

    user: User
    ids: tuple[int, ...]

    def __iter__(self):
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


def of_visible_accounts(user: User, account: str = "account", seen: SeenAccounts | None = None):
    """The condition "the row's account (reached through `account`; "pk" for an account
    itself) is one `user` sees": by the ids `seen` names when given (one array parameter:
    the `__any` lookup), else by the visibility subquery."""
    if seen is None:
        return Q(**{f"{account}__in": accounts_visible_to(user)})
    if seen.user.pk != user.pk:
        raise ValueError("These are the accounts another user sees.")
    return Q(**{f"{account}__any": seen})


def visible_account_ids(user: User, at_most: int = LISTED_ACCOUNTS_MAX) -> SeenAccounts | None:
    """The ids of the accounts a user sees, for queries that name them instead of the
    visibility subquery; None when that is every account or more than `at_most`.

    Why: PostgreSQL cannot estimate that subquery (an AD's AEs through their groups, their
    teams): it guessed ~3,700 accounts for an AD's 633 at scale 10000, and then scanned every
    overdue invoice of the agency or joined all 100k proposals before narrowing them. Named,
    the same queries start from the user's accounts (160 → 18 ms; 435 → 23 ms)."""
    if sees_every_account(user):
        return None
    ids = list(accounts_visible_to(user).order_by().values_list("pk", flat=True)[: at_most + 1])
    return SeenAccounts(user, tuple(ids)) if len(ids) <= at_most else None


def clients_visible_to(user: User) -> QuerySet[Client]:
    """Clients of the accounts a user sees, and the clients they created themselves
    (an AD also those created by the AEs they direct: prospects before their first account)."""
    clients = Client.objects.all()
    if not is_agency_person(user):
        return clients.none()
    if user.is_superuser or user.is_finance:
        return clients
    with_visible_accounts = Q(pk__in=accounts_visible_to(user).values("client_id"))
    created = Q(created_by=user)
    if user.is_ad:
        created |= Q(created_by__in=users_directed_by(user))
    return clients.filter(with_visible_accounts | created)


def contacts_visible_to(user: User) -> QuerySet[Contact]:
    return Contact.objects.filter(client__in=clients_visible_to(user)).select_related("client")


def visible_accounts_with_parties(*, user: User) -> QuerySet[Account]:
    """Visible accounts with their client and lead AE: to find one account (its page, the
    API's detail), where the visibility subquery is one index probe."""
    return accounts_visible_to(user).select_related("client", "lead_ae")


def account_list(*, user: User) -> QuerySet[Account]:
    """The account list and pipeline: visible accounts with what a row shows, no N+1.
    Filters are applied by accounts.filters.AccountFilter, the same for pages and API.

    By the ids of the user's accounts where they are few enough to name: with the subquery
    PostgreSQL, unable to estimate it, tested an AD's visibility on each of 1,507 accounts
    at a stage (12 ms) rather than start from the AD's 633 (one query more, ~2 ms)."""
    seen = visible_account_ids(user)
    if seen is None:
        return visible_accounts_with_parties(user=user)
    accounts = Account.objects.filter(of_visible_accounts(user, "pk", seen))
    return accounts.select_related("client", "lead_ae")


def account_history(account: Account) -> QuerySet[StageChange]:
    return account.stage_changes.select_related("by")


# --- What a user may do with an account, now --------------------------------------------
@dataclass(frozen=True)
class TransitionOption:
    name: str
    label: str
    target: str
    allowed: bool
    reasons: list[str]
    needs_reason: bool


def transitions_from_here(account: Account) -> list:
    """The django-fsm transitions whose source is the account's current stage."""
    return [t for t in account.get_all_stage_transitions() if t.source in (account.stage, "*", "+")]


def transition_named(account: Account, name: str):
    """The transition called `name` from here, or None."""
    return next((t for t in transitions_from_here(account) if t.name == name), None)


def transition_target(account: Account, transition) -> str:
    if transition.name == "resume":
        return account.held_from
    return transition.target


def guard_reasons(account: Account, transition) -> list[str]:
    return [r for c in transition.conditions if isinstance(c, Guard) for r in c.explain(account)]


def refusal_reasons(account: Account, transition, user: User) -> list[str]:
    """Why `user` cannot take `transition` now; empty when they can."""
    reasons = [] if transition.has_perm(account, user) else [who_may(transition.permission)]
    return reasons + guard_reasons(account, transition)


def transition_options(account: Account, user: User) -> list[TransitionOption]:
    """Every transition from the current stage, with whether this user may take it now and
    why not: the buttons on the account page and `GET .../transitions/` both use this."""
    options = []
    for t in transitions_from_here(account):
        reasons = refusal_reasons(account, t, user)
        options.append(
            TransitionOption(
                name=t.name,
                label=str(t.custom.get("label", t.name)),
                target=transition_target(account, t),
                allowed=not reasons,
                reasons=reasons,
                needs_reason=bool(t.custom.get("needs_reason")),
            )
        )
    return options


def can_edit_account(user: User, account: Account) -> bool:
    """Edit the account, its brief and its team: a team AE, their AD, an administrator."""
    from .lifecycle import may_act_as_team_ae

    return may_act_as_team_ae(account, user)


def can_assign_lead_ae(user: User, candidate: User, account: Account | None = None) -> bool:
    """Whom `user` may name lead AE: an AE themself, an AD any AE they direct, an administrator
    any AE; on an open account, its editors may also hand the lead to an AE on its team."""
    if not (candidate.is_ae and candidate.is_active):
        return False
    if user.is_superuser or candidate == user or directs(user, candidate):
        return True
    return account is not None and account.team_members.filter(user=candidate).exists()


def can_create_accounts(user: User) -> bool:
    return user.is_superuser or user.is_ae or user.is_ad


def can_edit_client(user: User, client: Client) -> bool:
    return user.is_superuser or user.is_ae or user.is_ad


def can_manage_portal_access(user: User, client: Client) -> bool:
    """Who gives the client's contacts a login to the portal, or takes it back: an AE on the
    team of one of the client's accounts, the AD of one of its lead AEs, an administrator
    (the people who speak for the agency to this client)."""
    from campaigns.models import TeamMember  # campaigns builds on accounts

    if not is_agency_person(user):
        return False
    if user.is_superuser:
        return True
    if user.is_ae:
        return TeamMember.objects.filter(account__client=client, user=user).exists()
    if user.is_ad:
        return client.accounts.filter(lead_ae__account_groups__director=user).exists()
    return False


# --- Pages: the client list, the pipeline board -------------------------------------------
def can_create_clients(user: User) -> bool:
    """The same people who open accounts add clients (services.create_client)."""
    return can_create_accounts(user)


def client_list(*, user: User, search: str = "") -> QuerySet[Client]:
    """Visible clients with how many of their accounts this user sees (one query, no N+1)."""
    from django.db.models import Count, IntegerField, Subquery, Value
    from django.db.models.functions import Coalesce

    visible_accounts = (
        accounts_visible_to(user)
        .filter(client=OuterRef("pk"))
        .order_by()
        .values("client")
        .annotate(n=Count("pk"))
        .values("n")
    )
    clients = clients_visible_to(user).annotate(
        visible_accounts=Coalesce(Subquery(visible_accounts, output_field=IntegerField()), Value(0))
    )
    if search:
        clients = clients.filter(
            Q(name__icontains=search) | Q(industry__icontains=search) | Q(tax_id__icontains=search)
        )
    return clients


def clients_with_accounts_visible_to(user: User) -> QuerySet[Client]:
    """The clients worth offering in the account filters: those of the accounts a user sees."""
    clients = accounts_visible_to(user).values("client_id")
    return Client.objects.filter(pk__in=clients).only("pk", "name")


def lead_aes_of_accounts_visible_to(user: User) -> QuerySet[User]:
    """The AEs worth offering in the account filters: those leading accounts a user sees."""
    return account_managers().filter(pk__in=accounts_visible_to(user).values("lead_ae_id"))


def account_managers() -> QuerySet[User]:
    """People who can lead an account (active AE-level members of account service)."""
    from agency.models import AE_LEVELS, Department

    return User.objects.filter(
        is_active=True, department=Department.ACCOUNT, level__in=AE_LEVELS
    ).order_by("first_name", "last_name", "username")


#: The pipeline board shows at most this many cards per column, newest first; the column
#: links to the filtered account list for the rest.
PIPELINE_CARDS_PER_STAGE = 25


@dataclass(frozen=True)
class PipelineColumn:
    stage: str
    label: str
    count: int
    accounts: list


def pipeline_board(
    accounts: QuerySet[Account], *, per_stage: int = PIPELINE_CARDS_PER_STAGE
) -> tuple[list[PipelineColumn], dict[str, int]]:
    """The board for an already visible and filtered queryset (account_list + AccountFilter):
    a column per stage of the main line with its newest `per_stage` cards, and the counts of
    the side stages. Two queries whatever the number of accounts: the counts, and the cards
    ranked within their stage by a window function."""
    from django.db.models import Count, F, Window
    from django.db.models.functions import RowNumber

    from .models import PIPELINE, Stage

    counts = dict(accounts.order_by().values_list("stage").annotate(n=Count("pk")))
    ranked = (
        accounts.filter(stage__in=PIPELINE)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("stage")],
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=per_stage)
        .order_by("-created_at", "-pk")
    )
    cards: dict[str, list] = {stage: [] for stage in PIPELINE}
    for account in ranked:
        cards[account.stage].append(account)
    columns = [
        PipelineColumn(stage, Stage(stage).label, counts.get(stage, 0), cards[stage])
        for stage in PIPELINE
    ]
    side = {stage: counts.get(stage, 0) for stage in (Stage.ON_HOLD, Stage.LOST, Stage.CANCELLED)}
    return columns, side
