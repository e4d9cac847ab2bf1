"""What a client contact sees in the portal, and who may give them a login.

`portal_accounts` is the one function that decides what a portal login sees: the accounts of
the client whose contact it is. Every portal page starts from it (through the querysets
below); another client's proposal or invoice is a 404. The agency's people see nothing here
(they have their own pages), and a client login sees nothing through the agency's selectors
(accounts.selectors.accounts_visible_to).
"""

from django.db.models import Prefetch, QuerySet

from accounts.models import Account, Contact
from agency.models import User
from billing.models import OPEN_STATUSES, Invoice, InvoiceStatus
from campaigns.models import BudgetLine, Communication, Proposal, ProposalSection, ProposalStatus

#: What a client has been shown of a proposal: the presented version and what their
#: decision made of it. Drafts and the agency's internal approval stay inside the agency.
SHOWN_TO_CLIENT = (
    ProposalStatus.PRESENTED,
    ProposalStatus.ACCEPTED,
    ProposalStatus.REVISION_REQUESTED,
    ProposalStatus.REJECTED,
)
#: Invoices from their issue on (a draft is the agency's own work).
ISSUED = (
    InvoiceStatus.ISSUED,
    InvoiceStatus.PARTIALLY_PAID,
    InvoiceStatus.PAID,
    InvoiceStatus.VOID,
)


def _is_portal_login(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.is_client_contact


def contact_of(user: User) -> Contact | None:
    """The contact (with their client) whose portal login `user` is; None for anyone else."""
    if not _is_portal_login(user):
        return None
    return Contact.objects.select_related("client").filter(portal_user=user).first()


def portal_accounts(user: User) -> QuerySet[Account]:
    """The accounts of the client whose contact `user` is: all a portal login ever sees."""
    if not _is_portal_login(user):
        return Account.objects.none()
    return Account.objects.filter(client__contacts__portal_user=user)


def proposals_for_client(user: User) -> QuerySet[Proposal]:
    """Their company's proposals that were presented to them, with what a page shows."""
    sections = ProposalSection.objects.order_by("position", "id")
    lines = BudgetLine.objects.order_by("position", "id")
    return (
        Proposal.objects.filter(account__in=portal_accounts(user), status__in=SHOWN_TO_CLIENT)
        .select_related("account")
        .prefetch_related(
            Prefetch("sections", queryset=sections), Prefetch("budget_lines", queryset=lines)
        )
        .order_by("-presented_at", "-id")
    )


def awaiting_decision(user: User) -> QuerySet[Proposal]:
    return proposals_for_client(user).filter(status=ProposalStatus.PRESENTED)


def invoices_for_client(user: User) -> QuerySet[Invoice]:
    """Their company's invoices and credit notes from issue on, newest first."""
    return (
        Invoice.objects.filter(account__in=portal_accounts(user), status__in=ISSUED)
        .select_related("account", "credited_invoice")
        .order_by("-issue_date", "-id")
    )


def open_invoices(user: User) -> QuerySet[Invoice]:
    return invoices_for_client(user).filter(status__in=OPEN_STATUSES).order_by("due_date", "id")


def accounts_with_their_ae(user: User) -> QuerySet[Account]:
    """Their accounts that have a lead AE, with that AE: the only agency people the portal
    names (no bypass: the client's counterpart is the AE)."""
    return (
        portal_accounts(user)
        .filter(lead_ae__isnull=False)
        .select_related("lead_ae")
        .order_by("name", "id")
    )


def messages_sent(user: User) -> QuerySet[Communication]:
    """What this login wrote to the AEs through the portal, newest first."""
    return (
        Communication.objects.filter(account__in=portal_accounts(user), recorded_by=user)
        .select_related("account", "ae")
        .order_by("-occurred_at", "-id")
    )
