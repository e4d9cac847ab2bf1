"""The bell, the notification list and the reminder settings page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import notifications
from .reminders.registry import muteable_rules

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
    muted = notifications.muted_rules(request.user)
    rules = [(r, r.name not in muted) for r in sorted(muteable_rules(), key=lambda r: r.name)]
    return render(request, "agency/reminder_settings.html", {"rules": rules})
