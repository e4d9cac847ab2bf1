"""The dashboard's filter bar: the lead AEs and clients it offers, as <select>s."""

from dataclasses import dataclass

from django.db.models import CharField, Value
from django.utils.translation import gettext as _

from accounts.models import Client
from accounts.selectors import account_managers
from agency.forms import QuickSelect
from agency.people import person_name, users_directed_by

from .scope import Scope


@dataclass(frozen=True)
class Choice:
    pk: int
    label: str

    def __str__(self) -> str:
        return self.label


def choices(scope: Scope) -> tuple[list[Choice], list[Choice]]:
    """The lead AEs (those the AD directs; every AE for an administrator) and the clients of
    the accounts the user sees: another client would narrow the dashboard to nothing (the
    clients an AD and their AEs created also count as theirs: at scale 10000 the demo AD had
    created all 10,000). One query, a UNION of the two lists."""
    user = scope.user
    aes = account_managers() if user.is_superuser else users_directed_by(user)
    text = CharField()
    people = aes.order_by().values_list(
        Value("ae", output_field=text), "pk", "username", "first_name", "last_name"
    )
    of_their_accounts = scope.visible_accounts().values("client_id")
    clients = (
        Client.objects.filter(pk__in=of_their_accounts)
        .order_by()
        .values_list(
            Value("client", output_field=text),
            "pk",
            "name",
            Value("", output_field=text),
            Value("", output_field=text),
        )
    )
    found: dict[str, list[Choice]] = {"ae": [], "client": []}
    for kind, pk, name, first, last in people.union(clients, all=True):
        found[kind].append(Choice(pk, person_name(name, first, last) if kind == "ae" else name))
    return (
        sorted(found["ae"], key=lambda c: c.label.lower()),
        sorted(found["client"], key=lambda c: c.label.lower()),
    )


def select(name: str, options: list[Choice], chosen: int | None, everyone: str) -> str:
    """One <select>, written in one pass (an AD's clients: hundreds of options)."""
    widget = QuickSelect(
        attrs={"id": f"f-{name}", "class": "form-select form-select-sm"},
        choices=[("", everyone), *((option.pk, option.label) for option in options)],
    )
    return widget.render(name, chosen)


def selects(scope: Scope) -> dict[str, str]:
    """The template's `ae_select` and `client_select`, the scope's choice selected."""
    aes, clients = choices(scope)
    return {
        "ae_select": select("ae", aes, scope.ae, _("All AEs")),
        "client_select": select("client", clients, scope.client, _("All clients")),
    }
