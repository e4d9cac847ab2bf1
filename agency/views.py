from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST


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
    from django.conf import settings

    code = request.POST.get("language", "")
    if code not in dict(settings.LANGUAGES):
        code = settings.LANGUAGE_CODE
    if request.user.is_authenticated:
        request.user.language = code
        request.user.save(update_fields=["language"])
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    translation.activate(code)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response
