"""The dashboard's filter bar: the lead AEs and clients it offers, as <select>s.

An AD's few hundred clients are listed. Someone who sees the whole agency group may have
more than anyone can scroll through (an administrator at scale 10000: 10,000 clients and
3,334 AEs, 800 KB of options on every load): past LISTED_AT_MOST the <select> holds only
"all" and the chosen one, and a search field beside it asks `dashboard-options` for the
matching names (`found`), which replace the <select>.
"""

from dataclasses import dataclass

from django.db.models import CharField, Func, IntegerField, Q, QuerySet, Subquery, Value
from django.utils.translation import gettext_lazy as _

from accounts.forms import FILTER_OPTIONS_AT_MOST
from accounts.models import Client
from accounts.selectors import account_managers, sees_every_account
from agency.forms import QuickSelect
from agency.models import User
from agency.people import person_name, users_directed_by

from .scope import Scope

KINDS = ("ae", "client")
#: More options than this and a filter offers a search instead of the list.
LISTED_AT_MOST = FILTER_OPTIONS_AT_MOST
#: How many names a search answers with.
FOUND_AT_MOST = 50


@dataclass(frozen=True)
class Choice:
    pk: int
    label: str

    def __str__(self) -> str:
        return self.label


def _people(scope: Scope) -> QuerySet:
    """The lead AEs the dashboard may narrow to: those the AD directs; every AE for an
    administrator. Rows: (kind, pk, username, first name, last name)."""
    user = scope.user
    aes = account_managers() if user.is_superuser else users_directed_by(user)
    return aes.order_by().values_list(
        Value("ae", output_field=CharField()), "pk", "username", "first_name", "last_name"
    )


def _clients(scope: Scope) -> QuerySet:
    """The clients of the accounts the user sees: another client would narrow the dashboard
    to nothing (the clients an AD and their AEs created also count as theirs: at scale 10000
    the demo AD had created all 10,000). Rows shaped as _people's."""
    text = CharField()
    blank = Value("", output_field=text)
    clients = Client.objects.filter(pk__in=scope.visible_accounts().values("client_id"))
    return clients.order_by().values_list(
        Value("client", output_field=text), "pk", "name", blank, blank
    )


OFFERED = {"ae": _people, "client": _clients}


def _sorted(rows) -> dict[str, list[Choice]]:
    found: dict[str, list[Choice]] = {kind: [] for kind in KINDS}
    for kind, pk, name, first, last in rows:
        found[kind].append(Choice(pk, person_name(name, first, last) if kind == "ae" else name))
    return {kind: sorted(choices, key=lambda c: c.label.lower()) for kind, choices in found.items()}


def _sizes(scope: Scope) -> dict[str, int]:
    """How many of each kind there are, in one query (each a COUNT(*) subquery, read beside
    the user's own row)."""
    count = Func(template="COUNT(*)", output_field=IntegerField())
    sizes = {kind: Subquery(OFFERED[kind](scope).values(n=count)) for kind in KINDS}
    return User.objects.filter(pk=scope.user.pk).values(**sizes).get()


def choices(scope: Scope) -> dict[str, list[Choice] | None]:
    """Per kind, the options to list, by name; None where there are too many to list. Only
    someone who sees every account can have that many, so only they are counted first; the
    lists are read in one query, a UNION."""
    too_many = set()
    if sees_every_account(scope.user):
        too_many = {kind for kind, n in _sizes(scope).items() if n > LISTED_AT_MOST}
    listed = [kind for kind in KINDS if kind not in too_many]
    found: dict[str, list[Choice] | None] = dict.fromkeys(too_many)
    if listed:
        first, *others = [OFFERED[kind](scope) for kind in listed]
        read = _sorted(first.union(*others, all=True))
        found |= {kind: read[kind] for kind in listed}
    return found


def found(scope: Scope, kind: str, text: str) -> list[Choice]:
    """The first FOUND_AT_MOST of `kind` whose name contains `text` (an AE's username, first
    or last name), by name."""
    rows = OFFERED[kind](scope)
    if kind == "ae":
        words = Q(username__icontains=text) | Q(first_name__icontains=text)
        rows = rows.filter(words | Q(last_name__icontains=text))
    else:
        rows = rows.filter(name__icontains=text)
    order = ("first_name", "last_name", "username") if kind == "ae" else ("name",)
    return _sorted(rows.order_by(*order)[:FOUND_AT_MOST])[kind]


EVERYONE = {"ae": _("All AEs"), "client": _("All clients")}


def select(kind: str, options: list[Choice], chosen: int | None) -> str:
    """One <select>, written in one pass (an AD's clients: hundreds of options)."""
    widget = QuickSelect(
        attrs={"id": f"f-{kind}", "class": "form-select form-select-sm"},
        choices=[("", EVERYONE[kind]), *((option.pk, option.label) for option in options)],
    )
    return widget.render(kind, chosen)


def _chosen(scope: Scope, kind: str, chosen: int | None) -> list[Choice]:
    """The chosen option alone (when the list is not offered), if the user may choose it."""
    if not chosen:
        return []
    return _sorted(OFFERED[kind](scope).filter(pk=chosen))[kind]


def selects(scope: Scope) -> dict:
    """The template's `ae_select` and `client_select`, the scope's choice selected, and
    `ae_finder` / `client_finder`: whether the list is replaced by a search."""
    context = {}
    for kind, options in choices(scope).items():
        chosen = getattr(scope, kind)
        finder = options is None
        if finder:
            options = _chosen(scope, kind, chosen)
        context[f"{kind}_select"] = select(kind, options, chosen)
        context[f"{kind}_finder"] = finder
    return context
