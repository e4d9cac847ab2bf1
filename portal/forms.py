"""Forms of the portal's pages: they parse what the client typed; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from agency.forms import StyledForm

TEXT = 4000


class ApproveForm(StyledForm, forms.Form):
    reference = forms.CharField(
        label=_("Your reference (e.g. purchase order)"), max_length=120, required=False
    )
    note = forms.CharField(
        label=_("Note for your AE"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ChangesForm(StyledForm, forms.Form):
    reason = forms.CharField(
        label=_("What should change?"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AccountChoice(forms.ModelChoiceField):
    """An account, named with the AE the message goes to: the only person the client picks."""

    def label_from_instance(self, account: Account) -> str:
        return _("%(account)s — to %(ae)s") % {"account": account.name, "ae": account.lead_ae}


class MessageForm(StyledForm, forms.Form):
    account = AccountChoice(queryset=Account.objects.none(), label=_("About"))
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"), max_length=TEXT, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts
