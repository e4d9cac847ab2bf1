"""The client portal's demo login: Hengmei's marketing director (`client`) sees the proposals
presented to Hengmei (one of them awaiting her decision), its payment notices, and writes to
her AEs. Given through portal.services like any login, by the lead AE of the client's first
account, with the demo password instead of an e-mailed invitation."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password

from accounts.models import Account
from agency.models import User
from portal.services import grant_portal_access

from . import Demo


@dataclass(frozen=True)
class PortalLogin:
    username: str
    client: str  # DemoClient.key
    contact: str  # the contact's name


PORTAL_LOGINS = [PortalLogin("client", "hengmei", "林晓 Lin Xiao")]


def seed(demo: Demo) -> None:
    for login in PORTAL_LOGINS:
        if User.objects.filter(username=login.username).exists():
            continue
        client = demo.clients[login.client]
        first = Account.objects.filter(client=client).order_by("created_at", "id").first()
        user = grant_portal_access(
            contact=client.contacts.get(name=login.contact),
            by=first.lead_ae,
            username=login.username,
            invite=False,
        )
        user.password = make_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
        demo.log(f"portal: {login.username} logs in for {client.name}")
