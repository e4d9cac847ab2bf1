"""The agency's side of the portal, on the client's page: a contact's login given or taken
back (portal.services). A client the user does not see is a 404; one they see but may not
give logins for, a 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.selectors import can_manage_portal_access, clients_visible_to
from agency.errors import DomainError
from agency.web import login_required

from . import services
from .views import refusal_text

DONE = {
    "grant": gettext_lazy(
        "%(name)s can log in to the portal: the invitation is on its way to %(email)s."
    ),
    "revoke": gettext_lazy("%(name)s can no longer log in to the portal."),
}


@login_required
@require_POST
def contact_portal_access(request, pk, contact_pk):
    client = get_object_or_404(clients_visible_to(request.user), pk=pk)
    contact = get_object_or_404(client.contacts, pk=contact_pk)
    if not can_manage_portal_access(request.user, client):
        raise PermissionDenied(_("Only the client's AEs and their account director may do this."))
    action = request.POST.get("action")
    if action not in DONE:
        messages.error(request, _("Choose to give or to take back the login."))
        return redirect("client-detail", pk=client.pk)
    service = services.grant_portal_access if action == "grant" else services.revoke_portal_access
    try:
        service(contact=contact, by=request.user)
    except (DomainError, ValidationError) as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, DONE[action] % {"name": contact.name, "email": contact.email})
    return redirect("client-detail", pk=client.pk)
