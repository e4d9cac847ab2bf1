"""The bell, the notification list, the settings page (time zone and reminders) and an
account's log of the reminders sent about it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import notifications
from .forms import TimeZoneForm
from .reminders.registry import muteable_rules
from .reminders.selectors import log_entries, reminder_log
from .web import paginate

PAGE = 50


@login_required
def bell(request):
    """The unread count, polled by htmx from the navbar."""
    return render(
        request, "agency/_bell.html", {"unread": notifications.unread_count(request.user)}
    )


@login_required
def notification_list(request):
    items = notifications.notifications_of(request.user)[:PAGE]
    return render(request, "agency/notifications.html", {"items": items})


@require_POST
@login_required
def notification_read(request, pk):
    notification = get_object_or_404(notifications.notifications_of(request.user), pk=pk)
    notifications.mark_read(notification=notification, by=request.user)
    return redirect(notification.link or "notification-list")


@require_POST
@login_required
def notification_read_all(request):
    notifications.mark_all_read(by=request.user)
    messages.success(request, _("All notifications marked read."))
    return redirect("notification-list")


@login_required
def reminder_settings(request):
    if request.method == "POST":
        keep = set(request.POST.getlist("receive"))
        all_rules = {r.name for r in muteable_rules()}
        notifications.set_muted_rules(user=request.user, rules=all_rules - keep)
        messages.success(request, _("Your reminder settings are saved."))
        return redirect("reminder-settings")
    return settings_page(request)


def settings_page(request, *, time_zone_form: TimeZoneForm | None = None, status: int = 200):
    """The person's settings: the time zone form (agency.views.switch_time_zone saves it)
    and the reminders they receive."""
    muted = notifications.muted_rules(request.user)
    rules = [(r, r.name not in muted) for r in sorted(muteable_rules(), key=lambda r: r.name)]
    form = time_zone_form or TimeZoneForm(initial={"time_zone": request.user.time_zone})
    context = {"rules": rules, "time_zone_form": form}
    return render(request, "agency/reminder_settings.html", context, status=status)


@login_required
def account_reminders(request, pk):
    """The "reminders sent" log of an account: whoever sees the account (its team, the AD
    who directs it, finance, administrators) sees what was sent about it; 404 otherwise."""
    from accounts.selectors import accounts_visible_to  # accounts builds on this app

    account = get_object_or_404(accounts_visible_to(request.user).select_related("client"), pk=pk)
    page = paginate(request, reminder_log(account.pk))
    context = {"account": account, "page_obj": page, "entries": log_entries(page.object_list)}
    return render(request, "agency/account_reminders.html", context)
