"""Forms of the billing pages: they parse input; the services decide."""

import uuid
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Account, Contact, Currency

from .models import LineKind, PaymentMethod
from .services import default_vat_rate

MONEY = {"max_digits": 14, "decimal_places": 2}


class InvoiceForm(forms.Form):
    account = forms.ModelChoiceField(queryset=Account.objects.none(), label=_("Account"))
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, accounts=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if accounts is not None:
            self.fields["account"].queryset = accounts
        if editing:  # an invoice stays with its account
            del self.fields["account"]


class LineForm(forms.Form):
    kind = forms.ChoiceField(choices=LineKind.choices, label=_("Kind"))
    description = forms.CharField(max_length=300, label=_("Description"))
    quantity = forms.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0.01"), label=_("Quantity")
    )
    unit_price = forms.DecimalField(**MONEY, label=_("Unit price"))
    vat_rate = forms.DecimalField(
        max_digits=5,
        decimal_places=4,
        min_value=Decimal("0"),
        max_value=Decimal("1"),
        label=_("VAT rate"),
        help_text=_("0.06 is 6%."),
    )
    # What a suggested line bills (billing.billable), carried through the form unchanged;
    # the service checks it belongs to the account.
    media_buy = forms.IntegerField(required=False, widget=forms.HiddenInput)
    budget_line = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vat_rate"].initial = default_vat_rate()
        self.fields["quantity"].initial = Decimal("1")
        self.fields["kind"].initial = LineKind.FEE


class BaseLineFormSet(forms.BaseFormSet):
    def lines(self) -> list[dict]:
        """The rows filled in and not marked for deletion, as service line dicts."""
        return [
            {key: value for key, value in form.cleaned_data.items() if key != "DELETE"}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        super().clean()
        if not any(self.errors) and not self.lines():
            raise forms.ValidationError(_("Add at least one line."))


LineFormSet = forms.formset_factory(
    LineForm, formset=BaseLineFormSet, extra=2, can_delete=True, max_num=200, validate_max=True
)


def new_token() -> str:
    return uuid.uuid4().hex


class PaymentForm(forms.Form):
    """`token` is generated when the form is shown and sent back with it: it is the
    payment's idempotency key, so a double-click or a resubmission records once."""

    amount = forms.DecimalField(**MONEY, min_value=Decimal("0.01"), label=_("Amount"))
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    method = forms.ChoiceField(choices=PaymentMethod.choices, label=_("Method"))
    reference = forms.CharField(max_length=120, required=False, label=_("Reference"))
    note = forms.CharField(max_length=2000, required=False, label=_("Note"))
    token = forms.CharField(max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, balance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].initial = new_token()
        self.fields["received_on"].initial = timezone.localdate()
        if balance is not None:
            self.fields["amount"].initial = balance


class CreditForm(forms.Form):
    amount = forms.DecimalField(
        **MONEY, min_value=Decimal("0.01"), label=_("Amount (tax included)")
    )
    reason = forms.CharField(max_length=2000, label=_("Reason"))


class ReversalForm(forms.Form):
    reason = forms.CharField(max_length=2000, label=_("Reason"))


class SendForm(forms.Form):
    contact = forms.ModelChoiceField(queryset=Contact.objects.none(), label=_("Contact"))

    def __init__(self, *args, client=None, **kwargs):
        super().__init__(*args, **kwargs)
        if client is not None:
            self.fields["contact"].queryset = client.contacts.exclude(email="")


class InvoiceFilterForm(forms.Form):
    """The list's filter bar (the same names as billing.filters.InvoiceFilter)."""

    status = forms.ChoiceField(required=False, label=_("Status"))
    overdue = forms.ChoiceField(
        required=False,
        label=_("Overdue"),
        choices=[("", _("Any")), ("true", _("Overdue")), ("false", _("Not overdue"))],
    )
    currency = forms.ChoiceField(required=False, label=_("Currency"))
    search = forms.CharField(required=False, label=_("Search"))

    def __init__(self, *args, **kwargs):
        from .models import InvoiceStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status")), *InvoiceStatus.choices]
        self.fields["currency"].choices = [("", _("Any currency")), *Currency.choices]
