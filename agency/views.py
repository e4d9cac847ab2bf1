from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .errors import DomainError
from .forms import TimeZoneForm
from .notification_views import settings_page
from .people import set_time_zone


@login_required
def home(request):
    """Each person's start page (anonymous users go to the login page first): an AE's day,
    the AD's dashboard (an administrator's too), finance's desk, a client contact's portal;
    everyone else their tasks."""
    user = request.user
    if user.is_client_contact:
        return redirect("portal:home")
    if user.is_ae:
        return redirect("my-day")
    if user.is_ad or user.is_superuser:
        return redirect("ad-dashboard")
    if user.is_finance:
        return redirect("finance-desk")
    return redirect("my-tasks")


@require_POST
def switch_language(request):
    """Switch the interface language; remembered on the user and in a cookie."""
    code = request.POST.get("language", "")
    if code not in dict(settings.LANGUAGES):
        code = settings.LANGUAGE_CODE
    if request.user.is_authenticated:
        request.user.language = code
        request.user.save(update_fields=["language"])
    translation.activate(code)
    response = HttpResponseRedirect(_next(request, "/"))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response


@require_POST
@login_required
def switch_time_zone(request):
    """Choose the time zone pages and reminders show times in; remembered on the user, like
    the language. A name that is no zone re-renders the settings page with the reason."""
    form = TimeZoneForm(request.POST)
    if form.is_valid():
        try:
            set_time_zone(user=request.user, time_zone=form.cleaned_data["time_zone"])
        except DomainError as error:
            form.add_error("time_zone", error.message)
        else:
            zone = request.user.time_zone or settings.TIME_ZONE
            messages.success(request, _("Times are now shown in %(zone)s.") % {"zone": zone})
            return HttpResponseRedirect(_next(request, reverse("reminder-settings")))
    return settings_page(request, time_zone_form=form, status=400)


def _next(request, default: str) -> str:
    """Where to go after a switch: the form's `next` if it is on this site."""
    target = request.POST.get("next", default)
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return default
    return target
