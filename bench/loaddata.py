"""The agency the load test runs against: AEs with accounts and briefs, finance, and issued
invoices with room for many payments. Run on an empty, migrated database:

    DJANGO_SETTINGS_MODULE=agency.settings python bench/loaddata.py

Writes bench/.users.json (who logs in, which ids to use) for the locustfile.
"""

import json
import os
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agency.settings")

import django  # noqa: E402

django.setup()

import time  # noqa: E402

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import transaction  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from accounts import services as accounts  # noqa: E402
from agency.models import AccountGroup, Department, Level, User  # noqa: E402
from agency.security import LOGIN_TIME_KEY  # noqa: E402
from billing import services as billing  # noqa: E402
from billing.models import LineKind  # noqa: E402
from campaigns import services as campaigns  # noqa: E402

PASSWORD = os.environ.get("LOAD_PASSWORD", "load-test-password-1")
AES, ACCOUNTS_PER_AE, INVOICES_PER_ACCOUNT = 10, 3, 2
#: Logged-in browsers per person: the load test measures the work, not 50 password hashes
#: at once (a login storm is check 5's subject); each locust user takes one.
SESSIONS_PER_PERSON = 6


def logged_in(user: User) -> dict:
    """An API token and browser sessions for `user`, as a login would make them."""
    sessions = []
    for _ in range(SESSIONS_PER_PERSON):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[LOGIN_TIME_KEY] = time.time()
        session.create()
        sessions.append(session.session_key)
    return {"token": Token.objects.create(user=user).key, "sessions": sessions}


def person(username: str, **fields) -> User:
    user = User.objects.create(username=username, email=f"{username}@load.test", **fields)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def main() -> dict:
    ad = person("load_ad", department=Department.ACCOUNT, level=Level.ACCOUNT_DIRECTOR)
    group = AccountGroup.objects.create(name="Load group", director=ad)
    finance = [person(f"load_finance{n}", department=Department.FINANCE) for n in range(2)]
    aes, accounts_by_ae, invoices = [], {}, []
    for n in range(AES):
        ae = person(f"load_ae{n}", department=Department.ACCOUNT, level=Level.AE)
        group.members.add(ae)
        aes.append(ae.username)
        client = accounts.create_client(by=ae, name=f"Load client {n} 客户", payment_terms_days=30)
        accounts_by_ae[ae.username] = []
        for m in range(ACCOUNTS_PER_AE):
            account = accounts.create_account(
                by=ae, client=client, name=f"Load {n}-{m}", budget=Decimal("1000000.00")
            )
            campaigns.save_brief(account=account, by=ae, product="Tea", sales_targets="More")
            accounts_by_ae[ae.username].append(account.pk)
            for _ in range(INVOICES_PER_ACCOUNT):
                line = {
                    "kind": LineKind.FEE,
                    "description": "Fee",
                    "quantity": Decimal("1"),
                    "unit_price": Decimal("500000.00"),
                    "vat_rate": Decimal("0.06"),
                }
                draft = billing.create_invoice(account=account, by=ae, lines=[line])
                invoices.append(billing.issue_invoice(invoice=draft, by=ae).pk)
    people = [ad, *finance, *User.objects.filter(username__in=aes)]
    return {
        "password": PASSWORD,
        "logins": {user.username: logged_in(user) for user in people},
        "ad": ad.username,
        "aes": aes,
        "finance": [f.username for f in finance],
        "accounts": accounts_by_ae,
        "invoices": invoices,
    }


if __name__ == "__main__":
    data = main()
    (ROOT / "bench" / ".users.json").write_text(json.dumps(data, indent=1))
    print(f"load data: {len(data['aes'])} AEs, {len(data['invoices'])} issued invoices")
