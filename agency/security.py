"""Session lifetimes and the security log.

Every security event is one line on the `agency.security` logger: event name, user, IP,
UTC time (the log record's) and the request id. Nothing secret is ever passed to it.
"""

import logging
import time

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

security_log = logging.getLogger("agency.security")
LOGIN_TIME_KEY = "_auth_started_at"
RENEWED_KEY = "_idle_renewed_at"


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "-") if request is not None else "-"


def log_security_event(event: str, request=None, **fields) -> None:
    """Record one security event. `fields` must not contain secrets."""
    user = getattr(request, "user", None)
    who = fields.pop("user", None) or (
        user.username if user is not None and user.is_authenticated else "-"
    )
    details = " ".join(f"{key}={value}" for key, value in sorted(fields.items()))
    security_log.info(
        "event=%s user=%s ip=%s path=%s %s",
        event,
        who,
        client_ip(request),
        getattr(request, "path", "-"),
        details,
    )


class SessionLifetimeMiddleware:
    """Ends a session SESSION_ABSOLUTE_LIFETIME seconds after login, however active, and
    renews its idle timeout (the session's age) as the user works."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.get(LOGIN_TIME_KEY)
            if started is None or now - started > settings.SESSION_ABSOLUTE_LIFETIME:
                log_security_event("session_expired", request)
                logout(request)
            elif now - request.session.get(RENEWED_KEY, 0) >= settings.SESSION_IDLE_RENEWAL:
                # A change makes SessionMiddleware save it with a new expiry and cookie.
                request.session[RENEWED_KEY] = now
        return self.get_response(request)


class RefusalLogMiddleware:
    """Logs every refused request: 401/403, and the 404s that the visibility rule answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (401, 403, 404):
            log_security_event(
                "refused", request, status=response.status_code, method=request.method
            )
        return response


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_TIME_KEY] = time.time()
    log_security_event("login", request, user=user.username)


@receiver(user_logged_out)
def _on_logout(sender, request, user, **kwargs):
    log_security_event("logout", request, user=getattr(user, "username", "-"))


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs):
    log_security_event("login_failed", request, user=credentials.get("username", "-"))


@receiver(user_locked_out)
def _on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    log_security_event("lockout", request, user=username or "-")
