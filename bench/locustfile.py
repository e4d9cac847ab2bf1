"""reliability.md 28: 50 users for 2 minutes, 80% reads (dashboards, lists) and 20% writes
(briefs, payments with Idempotency-Key), against gunicorn + PostgreSQL. Run by
`make loadtest` (bench/loadtest.sh), which prepares the data (bench/loaddata.py) and checks
the money invariants afterwards.

Any 5xx, or any answer the scenario does not expect, is a failure; a payment refused because
the invoice is paid by now (400/409) is an expected answer, not an error.
"""

import json
import random
import uuid
from datetime import date
from pathlib import Path

from locust import HttpUser, between, task
from locust.clients import HttpSession

DATA = json.loads((Path(__file__).parent / ".users.json").read_text())
PAGES = ["/pipeline/", "/accounts/", "/invoices/", "/receivables/aging/", "/my-tasks/"]
SESSIONS = {name: list(login["sessions"]) for name, login in DATA["logins"].items()}
LISTS = ["/api/accounts/", "/api/invoices/", "/api/tasks/", "/api/reports/ar-aging/"]


class AgencyUser(HttpUser):
    abstract = True
    wait_time = between(0.2, 1.0)
    username = ""

    def on_start(self):
        """The person's API token and one of their browser sessions (bench/loaddata.py
        logged them in beforehand: 50 password hashes at once would be a login storm)."""
        login = DATA["logins"][self.username]
        self.client.cookies.set("sessionid", SESSIONS[self.username].pop(), domain="127.0.0.1")
        assert self.client.get("/api/me/", name="/api/me/").json()["username"] == self.username
        # The API client of an integration: the token, no cookies (so no CSRF either).
        self.api = HttpSession(self.host, self.environment.events.request, self)
        self.api.headers["Authorization"] = f"Token {login['token']}"

    def read(self):
        """One page (a dashboard or a list) or one API list: one request per task."""
        if random.random() < 0.5:
            self.client.get(random.choice(PAGES))
        else:
            self.api.get(random.choice(LISTS))


class AccountExecutive(AgencyUser):
    weight = 8

    def on_start(self):
        self.username = random.choice([n for n in DATA["aes"] if SESSIONS[n]])
        self.accounts = DATA["accounts"][self.username]
        super().on_start()

    @task(6)
    def dashboards_and_lists(self):
        self.read()

    @task(2)
    def an_account(self):
        self.api.get(f"/api/accounts/{random.choice(self.accounts)}/", name="/api/accounts/{id}/")

    @task(2)
    def edit_a_brief(self):
        account = random.choice(self.accounts)
        self.api.patch(
            f"/api/accounts/{account}/brief/",
            json={"sales_targets": f"Sell {random.randint(1, 10**6)} bottles"},
            name="/api/accounts/{id}/brief/",
        )


class Finance(AgencyUser):
    weight = 2

    def on_start(self):
        self.username = random.choice([n for n in DATA["finance"] if SESSIONS[n]])
        super().on_start()

    @task(8)
    def receivables(self):
        self.read()

    @task(2)
    def record_a_payment(self):
        """A payment of a few yuan with a fresh key, sometimes sent twice (a double click)."""
        invoice = random.choice(DATA["invoices"])
        body = {"amount": f"{random.randint(1, 500)}.{random.randint(0, 99):02d}",
                "received_on": str(date.today()), "method": "bank_transfer"}  # fmt: skip
        headers = {"Idempotency-Key": uuid.uuid4().hex}
        for _ in range(2 if random.random() < 0.2 else 1):
            with self.api.post(
                f"/api/invoices/{invoice}/payments/", json=body, headers=headers,
                name="/api/invoices/{id}/payments/", catch_response=True,
            ) as response:  # fmt: skip
                if response.status_code in (201, 400, 409):
                    response.success()  # recorded, replayed, or refused with a reason
