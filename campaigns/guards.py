"""Account guards that depend on the account's proposals (domain.md's transition table).

The proposal service changes the proposal first and then takes the account transition in the
same database transaction, so each guard checks that the proposal side has happened: the
account can only be presented, sent back to planning or approved through its proposal, and
the two never disagree. Taken directly (the account page, the account API), the reasons
say where to do it instead.

accounts.models imports this module, so campaigns.models is imported inside the functions.
"""

from django.utils.translation import gettext as _

from accounts.lifecycle import guard


def _latest(account):
    from campaigns.models import Proposal

    return Proposal.objects.filter(account=account).order_by("-version").first()


@guard
def proposal_approved_and_presented(account) -> list[str]:
    """present_proposal: the latest version was approved internally by an AD and presented."""
    latest = _latest(account)
    if latest is None:
        return [_("The account has no proposal yet.")]
    if latest.approved_internally_by_id is None:
        return [
            _("Version %(version)s of the proposal has not been approved internally by an AD.")
            % {"version": latest.version}
        ]
    if latest.status != "presented":
        return [
            _("Record the presentation on version %(version)s of the proposal.")
            % {"version": latest.version}
        ]
    return []


@guard
def revision_opened(account) -> list[str]:
    """request_revision: the presented version asked for a revision and its next version is
    open as a draft."""
    latest = _latest(account)
    previous = latest.revision_of if latest is not None else None
    if previous is None or previous.status != "revision_requested" or latest.status != "draft":
        return [_("Record the revision request on the presented proposal; it opens a new version.")]
    return []


@guard
def client_approval_recorded(account) -> list[str]:
    """approve: the client's approval (who at the client, when) is recorded on the presented
    version."""
    latest = _latest(account)
    if latest is None or latest.status != "accepted":
        return [_("Record the client's acceptance on the presented proposal.")]
    if not latest.client_approved_by or latest.decided_at is None:
        return [_("The proposal does not say who at the client approved it, and when.")]
    return []
