"""What the portal tells the lead AE, at once: a message from the client, and the client's
decision on a proposal. Event rules (sent by the portal's services, not by a sweep): the
reminder row is written in the service's transaction and delivered after its commit, or by
the next sweep if the queue is down (agency.reminders.events.remind_now)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Contact
from agency.reminders import Due, rule
from agency.reminders.events import remind_now
from campaigns.models import Communication, Proposal, ProposalStatus

rule(
    "client_message",
    title=_("Message from %(contact)s: %(subject)s"),
    body=_("%(contact)s (%(client)s) wrote about %(account)s in the portal:\n\n%(text)s"),
    label=_("A client wrote to me in the portal"),
)(None)
rule(
    "client_accepted",
    title=_("%(client)s accepted %(proposal)s"),
    body=_(
        "%(contact)s accepted version %(version)s of the proposal for %(account)s in the portal."
    ),
    label=_("A client accepted a proposal in the portal"),
)(None)
rule(
    "client_asked_for_changes",
    title=_("%(client)s asked for changes to %(proposal)s"),
    body=_(
        "%(contact)s asked for changes to version %(version)s of the proposal for %(account)s "
        "in the portal:\n\n%(text)s"
    ),
    label=_("A client asked for changes to a proposal in the portal"),
)(None)

DECISION_RULES = {
    ProposalStatus.ACCEPTED: "client_accepted",
    ProposalStatus.REVISION_REQUESTED: "client_asked_for_changes",
}


def tell_ae_of_message(communication: Communication) -> None:
    account = communication.account
    remind_now(
        "client_message",
        Due(
            subject_type="communication",
            subject_id=communication.pk,
            occurrence="sent",
            recipient_ids=[communication.ae_id],
            context={
                "contact": communication.contact.name,
                "client": account.client.name,
                "account": account.name,
                "subject": communication.subject,
                "text": communication.body,
            },
            link=reverse("account-communications", kwargs={"account_id": account.pk}),
            account_id=account.pk,
        ),
    )


def tell_ae_of_decision(proposal: Proposal, contact: Contact) -> None:
    account = proposal.account
    if account.lead_ae_id is None:
        return
    remind_now(
        DECISION_RULES[proposal.status],
        Due(
            subject_type="proposal",
            subject_id=proposal.pk,
            occurrence=proposal.status,
            recipient_ids=[account.lead_ae_id],
            context={
                "contact": contact.name,
                "client": account.client.name,
                "account": account.name,
                "proposal": str(proposal),
                "version": proposal.version,
                "text": proposal.decision_reason,
            },
            link=reverse("proposal-detail", kwargs={"pk": proposal.pk}),
            account_id=account.pk,
        ),
    )
