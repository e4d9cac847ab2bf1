"""The admin's window on portal logins: contacts with their login, and actions that give or
take back a login through portal.services (never by editing the user)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Contact
from agency.errors import DomainError

from . import services
from .views import refusal_text


@admin.register(Contact)
class PortalContactAdmin(admin.ModelAdmin):
    list_display = ["name", "client", "email", "portal_user", "portal_open"]
    list_filter = ["portal_user__is_active"]
    list_select_related = ["client", "portal_user"]
    search_fields = ["name", "email", "client__name", "portal_user__username"]
    readonly_fields = ["portal_user"]
    actions = ["give_portal_login", "close_portal_login"]

    @admin.display(boolean=True, description=_("portal open"))
    def portal_open(self, contact: Contact) -> bool:
        return bool(contact.portal_user and contact.portal_user.is_active)

    @admin.action(description=_("Give a portal login (e-mails the invitation)"))
    def give_portal_login(self, request, queryset):
        self._each(request, queryset, services.grant_portal_access)

    @admin.action(description=_("Close the portal login"))
    def close_portal_login(self, request, queryset):
        self._each(request, queryset, services.revoke_portal_access)

    def _each(self, request, queryset, service) -> None:
        for contact in queryset.order_by("pk"):
            try:
                service(contact=contact, by=request.user)
            except (DomainError, ValidationError) as error:
                self.message_user(request, f"{contact}: {refusal_text(error)}", messages.ERROR)
