"""The wall between the client portal and the agency's own pages, in one place.

A client contact's login (User.is_client_contact) opens the portal (`portal:` routes) and the
few pages every login needs (SHARED_ROUTES: logging in and out, the password, the language,
the time zone); everything else answers 403: every staff page, every API endpoint, the admin.
The agency's people get 403 on the portal in turn. No bypass (domain.md): the portal shows a
client their own proposals and invoices and lets them write to their AE, and no page of the
agency's can show them who else works on their account.

The middleware guards every browser (session) request; token requests are authenticated by
DRF after the middleware has run, so the API's default permission (AgencyPeopleOnly) asks the
same question. The visibility functions answer nothing to a client login too
(accounts.selectors.accounts_visible_to): a route that slipped past both would still be empty.
"""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.permissions import IsAuthenticated

PORTAL_NAMESPACE = "portal"
#: Routes open to every login, a client contact's included.
SHARED_ROUTES = frozenset(
    {
        "home",  # sends each person to their start page (a client contact to the portal)
        "login",
        "logout",
        "password_change",
        "password_change_done",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "switch-language",
        "switch-time-zone",
        "healthz",
        "readyz",
    }
)


def is_client_login(user) -> bool:
    return bool(getattr(user, "is_client_contact", False)) and user.is_authenticated


def on_the_right_side(user, match) -> bool:
    """Whether `user` may call the route `match` at all: a client contact only the portal's
    and the shared routes, everyone else anything but the portal's."""
    if match.url_name in SHARED_ROUTES and not match.namespaces:
        return True
    in_portal = match.namespaces[:1] == [PORTAL_NAMESPACE]
    return in_portal == is_client_login(user)


class PortalBoundaryMiddleware:
    """403 for a request on the wrong side of the wall (after authentication, before views)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if not request.user.is_authenticated or on_the_right_side(request.user, match):
            return None
        if match.namespaces[:1] == ["api"]:
            return JsonResponse({"detail": refusal()}, status=403)
        raise PermissionDenied(refusal())


def refusal() -> str:
    return _("This page is not part of what your login opens.")


class AgencyPeopleOnly(IsAuthenticated):
    """The API's default permission: logged in, and not a client contact (whose token would
    otherwise pass the middleware above, which runs before DRF authenticates tokens)."""

    message = gettext_lazy("The client portal has no API.")

    def has_permission(self, request, view):
        return super().has_permission(request, view) and not is_client_login(request.user)
