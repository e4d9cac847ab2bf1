"""Forms of the campaign pages: the brief and the team. Services decide and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agency.forms import DateInput, QuickSelect, StyledForm
from agency.models import Department, User
from agency.people import person_name
from campaigns.models import Brief, TeamRole

#: Departments a brief can ask for: account service is always on the team (the lead AE),
#: finance is not part of campaign work.
BRIEF_DEPARTMENTS = [
    (code, label)
    for code, label in Department.choices
    if code not in (Department.ACCOUNT, Department.FINANCE)
]


class BriefForm(StyledForm, forms.ModelForm):
    departments_needed = forms.MultipleChoiceField(
        label=_("Departments needed"),
        choices=BRIEF_DEPARTMENTS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Forming the team needs a member from each of these."),
    )
    budget = forms.DecimalField(
        label=_("Advertising budget"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
    )

    class Meta:
        model = Brief
        fields = [
            "product",
            "features",
            "sales_period_start",
            "sales_period_end",
            "sales_targets",
            "budget",
            "target_audience",
            "departments_needed",
            "proposal_requirements",
        ]
        widgets = {
            "features": forms.Textarea(attrs={"rows": 3}),
            "sales_period_start": DateInput(),
            "sales_period_end": DateInput(),
            "sales_targets": forms.Textarea(attrs={"rows": 2}),
            "target_audience": forms.Textarea(attrs={"rows": 2}),
            "proposal_requirements": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in Brief.REQUIRED:  # needed to record the brief, not to save it
            self.fields[name].needed = True

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("sales_period_start"), cleaned.get("sales_period_end")
        if start and end and end < start:
            self.add_error("sales_period_end", _("The sales period ends before it starts."))
        return cleaned


class TeamMemberForm(StyledForm, forms.Form):
    """Add a person to the account's team; the choices are grouped by department."""

    user = forms.TypedChoiceField(label=_("Person"), coerce=int, widget=QuickSelect)
    role_on_account = forms.ChoiceField(label=_("Role"), required=False)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        # Plain rows and each department's label once: model instances and
        # get_department_display() per person cost over a second for the thousands of people
        # of an agency group.
        departments = {code: str(label) for code, label in Department.choices}
        groups: dict[str, list] = {}
        rows = candidates.values_list("pk", "first_name", "last_name", "username", "department")
        for pk, first, last, username, department in rows:
            label = departments.get(department) or str(_("No department"))
            groups.setdefault(label, []).append((pk, person_name(username, first, last)))
        self.fields["user"].choices = [("", _("Choose a person…")), *groups.items()]
        self.fields["role_on_account"].choices = [
            ("", _("By their position")),
            *[(v, lbl) for v, lbl in TeamRole.choices if v != TeamRole.LEAD_AE],
        ]

    def clean_user(self) -> User:
        return self.candidates.get(pk=self.cleaned_data["user"])


def team_candidates(account):
    """Active people who can join the account's team and are not on it yet."""
    return (
        User.objects.filter(is_active=True, is_client_contact=False)
        .exclude(username=User.SYSTEM_USERNAME)
        .exclude(team_memberships__account=account)
        .order_by("department", "first_name", "last_name", "username")
    )
