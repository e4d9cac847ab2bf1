"""The demo's portal login: `client`, Hengmei's marketing director."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from agency.models import Role, User

pytestmark = pytest.mark.django_db


def test_the_demo_client_sees_hengmei_with_a_proposal_awaiting_her(client):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    user = User.objects.get(username="client")
    assert user.role == Role.CLIENT and user.check_password(settings.DEMO_PASSWORD)
    assert "client  " in out.getvalue() and "Client contact, " in out.getvalue()
    client.force_login(user)
    page = client.get("/portal/")
    assert "Hengmei" in page.text
    assert [p.status for p in page.context["awaiting"]] == ["presented"]
    invoices = client.get("/portal/invoices/").context["page_obj"]
    assert invoices and {i.client.name for i in invoices} == {page.context["contact"].client.name}
