"""Forms of the proposal pages: a title, rows of sections and rows of budget lines.

Blank rows are offered for new entries and ignored when left empty; the service validates
again (the API reaches it without these forms).
"""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from agency.models import Department
from campaigns.services.proposals import MAX_BODY

#: Departments that write proposal sections (finance writes none).
SECTION_DEPARTMENTS = [(c, label) for c, label in Department.choices if c != Department.FINANCE]


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)


class SectionForm(forms.Form):
    department = forms.ChoiceField(label=_("Department"), choices=SECTION_DEPARTMENTS)
    title = forms.CharField(label=_("Section title"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if departments is not None:
            self.fields["department"].choices = departments

    def clean(self):
        data = super().clean()
        if data.get("body") and not data.get("title"):
            self.add_error("title", _("Give the section a title."))
        return data

    def row(self) -> dict | None:
        """The section as the service takes it, or None for a blank row."""
        data = self.cleaned_data
        if not data.get("title") and not data.get("body"):
            return None
        return {"department": data["department"], "title": data["title"], "body": data["body"]}


class BudgetLineForm(forms.Form):
    description = forms.CharField(label=_("Item"), max_length=300, required=False)
    department = forms.ChoiceField(
        label=_("Department"),
        choices=[("", "—"), *SECTION_DEPARTMENTS],
        required=False,
        help_text=_("Whose work it pays for: media is invoiced from the booked buys."),
    )
    amount = forms.DecimalField(
        label=_("Amount"), max_digits=14, decimal_places=2, min_value=0, required=False
    )

    def clean(self):
        data = super().clean()
        has_description, has_amount = bool(data.get("description")), data.get("amount") is not None
        if has_description and not has_amount:
            self.add_error("amount", _("Give the amount."))
        if has_amount and not has_description:
            self.add_error("description", _("Say what the amount is for."))
        return data

    def row(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("description") and data.get("amount") is None:
            return None
        return {
            "description": data["description"],
            "department": data.get("department", ""),
            "amount": data["amount"],
        }


SectionFormSet = formset_factory(SectionForm, extra=2, max_num=50, validate_max=True)
BudgetLineFormSet = formset_factory(BudgetLineForm, extra=3, max_num=100, validate_max=True)


def rows(formset) -> list[dict]:
    return [row for form in formset.forms if (row := form.row()) is not None]


class ActionForm(forms.Form):
    """What a proposal action takes: a note or a reason; the client's approval for `accept`.
    The service decides which are required and says so."""

    reason = forms.CharField(label=_("Reason"), max_length=4000, required=False)
    note = forms.CharField(label=_("Note"), max_length=4000, required=False)
    approved_by = forms.CharField(
        label=_("Approved by (at the client)"), max_length=200, required=False
    )
    reference = forms.CharField(label=_("Client's reference"), max_length=120, required=False)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "note": data["reason"] or data["note"],
            "approved_by": data["approved_by"],
            "reference": data["reference"],
        }
