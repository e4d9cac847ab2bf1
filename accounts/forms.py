"""Forms of the client and account pages. They parse input; services decide and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agency.forms import QuickSelect, StyledForm
from agency.models import User

from . import selectors
from .models import Account, Client, Contact, Currency, Stage


class ClientForm(StyledForm, forms.ModelForm):
    class Meta:
        model = Client
        fields = ["name", "industry", "currency", "payment_terms_days", "tax_id", "address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


class ContactForm(StyledForm, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "title", "email", "phone"]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user: User) -> str:
        return f"{user} ({user.username})" if user.get_full_name() else user.username


def _currency_choices():
    return [("", _("The client's currency")), *Currency.choices]


class AccountForm(StyledForm, forms.Form):
    """Open an account (create) or change its name, budget, currency and lead AE (edit)."""

    client = forms.ModelChoiceField(queryset=Client.objects.none(), label=_("Client"))
    name = forms.CharField(label=_("Name"), max_length=200)
    budget = forms.DecimalField(
        label=_("Budget"), max_digits=14, decimal_places=2, min_value=0, initial=0
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=_currency_choices, required=False)
    lead_ae = PersonChoiceField(
        queryset=User.objects.none(),
        label=_("Lead AE"),
        required=False,
        help_text=_("Empty: you lead it yourself."),
    )

    def __init__(self, *args, user: User, account: Account | None = None, **kwargs):
        if account is not None:
            kwargs.setdefault(
                "initial",
                {
                    "client": account.client_id,
                    "name": account.name,
                    "budget": account.budget,
                    "currency": account.currency,
                    "lead_ae": account.lead_ae_id,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = selectors.clients_visible_to(user)
        self.fields["lead_ae"].queryset = selectors.account_managers()
        if account is not None:  # an account stays with its client
            del self.fields["client"]
            self.fields["lead_ae"].required = True
            self.fields["lead_ae"].help_text = ""
            self.fields["currency"].choices = Currency.choices
        elif not user.is_ae:
            self.fields["lead_ae"].required = True
            self.fields["lead_ae"].help_text = ""

    def service_values(self) -> dict:
        """The cleaned values as the account services take them."""
        values = dict(self.cleaned_data)
        if not values.get("lead_ae"):
            values.pop("lead_ae", None)
        return values


#: A filter's drop-down lists at most this many clients or AEs (an AD's few hundred fit).
FILTER_OPTIONS_AT_MOST = 1000


class AccountFiltersForm(StyledForm, forms.Form):
    """Shows the filters of the account list and the pipeline; accounts.filters.AccountFilter
    applies them (the same filter the API uses)."""

    search = forms.CharField(label=_("Search"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    client = forms.ModelChoiceField(
        queryset=Client.objects.none(), label=_("Client"), required=False, widget=QuickSelect
    )
    ae = PersonChoiceField(
        queryset=User.objects.none(), label=_("AE"), required=False, widget=QuickSelect
    )
    lead_ae = PersonChoiceField(
        queryset=User.objects.none(), label=_("Lead AE"), required=False, widget=QuickSelect
    )

    def __init__(self, *args, user: User, with_stage: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["search"].widget.attrs["placeholder"] = _("Account or client name")
        self.fields["stage"].choices = [("", _("All stages")), *Stage.choices]
        # Only what could match: the clients and lead AEs of the accounts the user sees.
        # Finance and administrators see every client: maybe thousands (counted, then).
        everything = selectors.sees_every_account(user)
        clients = selectors.clients_with_accounts_visible_to(user)
        aes = selectors.lead_aes_of_accounts_visible_to(user)
        too_many_aes = everything and aes.count() > FILTER_OPTIONS_AT_MOST
        self._offer(
            "client",
            clients,
            _("All clients"),
            everything and clients.count() > FILTER_OPTIONS_AT_MOST,
        )
        self._offer("ae", aes, _("All AEs"), too_many_aes)
        self._offer("lead_ae", aes, _("All AEs"), too_many_aes)
        if not with_stage:
            del self.fields["stage"]
            del self.fields["search"]

    def _offer(self, name: str, choices, empty_label, too_many: bool) -> None:
        """Offer `choices` in the drop-down; when there are more than anyone can scroll
        through, only the one chosen, and the search box finds the others by name."""
        field = self.fields[name]
        field.empty_label = empty_label
        if not too_many:
            field.queryset = choices
            return
        chosen = self.data.get(name) if self.is_bound else None
        field.queryset = (
            choices.filter(pk=chosen) if str(chosen or "").isdigit() else choices.none()
        )
        field.help_text = _("Too many to list: search by name.")

    @property
    def active(self) -> bool:
        return any(self.data.get(name) for name in self.fields)
