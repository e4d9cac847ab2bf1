"""Forms of the work plan, meeting, contact report and communication pages.

They only parse input; the services decide (an owner off the team, a due date in the past)
and their per-field messages are put back on these forms by `show_errors`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from agency.models import Department
from campaigns.models import Meeting, Milestones
from campaigns.models.meetings import CLIENT_MEETING_KINDS, CommunicationKind, MeetingKind
from campaigns.selectors.workplan import team_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class BootstrapMixin:
    """Bootstrap classes on every widget, so templates can render fields as they are."""

    def style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


def show_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where the form has the field,
    otherwise at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


class TaskForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    department = forms.ChoiceField(label=_("Department"), choices=Department.choices)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None)
    due_date = forms.DateField(label=_("Due"), widget=DATE)
    predecessor = forms.ModelChoiceField(label=_("After"), queryset=None, required=False)

    def __init__(self, *args, account: Account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = team_choices(account)
        self.fields["predecessor"].queryset = account.tasks.order_by("due_date", "id")
        self.style()


class MilestonesForm(BootstrapMixin, forms.Form):
    presentation_date = forms.DateField(label=_("Presentation"), required=False, widget=DATE)
    production_deadline = forms.DateField(
        label=_("Production deadline"), required=False, widget=DATE
    )
    first_flight_date = forms.DateField(label=_("First flight"), required=False, widget=DATE)

    def __init__(self, *args, milestones: Milestones | None = None, **kwargs):
        if milestones is not None:
            kwargs.setdefault("initial", {n: getattr(milestones, n) for n in Milestones.ORDER})
        super().__init__(*args, **kwargs)
        self.style()


class MeetingForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    held_at = forms.DateTimeField(label=_("When"), widget=DATETIME)
    attendees = forms.ModelMultipleChoiceField(
        label=_("Attendees"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, account: Account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = team_choices(account)
        self.style()


class ContactReportForm(BootstrapMixin, forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Meeting"),
        queryset=None,
        required=False,
        empty_label=_("— not about a recorded meeting —"),
    )
    summary = forms.CharField(
        label=_("What was discussed"), widget=forms.Textarea(attrs={"rows": 4})
    )
    decisions = forms.CharField(
        label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, account: Account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            account=account, kind__in=CLIENT_MEETING_KINDS, contact_report__isnull=True
        ).order_by("-held_at")
        self.style()


class ActionItemForm(BootstrapMixin, forms.Form):
    """One row; a row left entirely blank is skipped, a half-filled one is an error."""

    title = forms.CharField(label=_("Action item"), max_length=200, required=False)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    due_date = forms.DateField(label=_("Due"), required=False, widget=DATE)

    def __init__(self, *args, account: Account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = team_choices(account)
        self.style()

    def clean(self):
        data = super().clean()
        if any(data.get(name) for name in self.fields):
            for name in self.fields:
                if not data.get(name):
                    self.add_error(name, _("Needed for an action item."))
        return data

    def item(self) -> dict | None:
        data = getattr(self, "cleaned_data", {})
        return data if data.get("title") else None


ActionItemFormSet = forms.formset_factory(ActionItemForm, extra=2)


class CommunicationForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CommunicationKind.choices)
    occurred_at = forms.DateTimeField(label=_("When"), widget=DATETIME)
    contact = forms.ModelChoiceField(label=_("Client contact"), queryset=None, required=False)
    ae = forms.ModelChoiceField(
        label=_("AE"),
        queryset=None,
        help_text=_("The client's counterpart at the agency is always an AE."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, account: Account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = account.client.contacts.order_by("name")
        team = team_choices(account)
        self.fields["ae"].queryset = team.filter(pk__in=[u.pk for u in team if u.is_ae])
        self.style()
