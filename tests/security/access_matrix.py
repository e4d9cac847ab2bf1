# ruff: noqa: E501 - one row per line reads as a table
"""The role × endpoint matrix (reliability.md 9): who gets what from every route and method.

Each row: a route name (namespaced as in `reverse`), an HTTP method, and the expected outcome
for each role in `world.ROLES` order:

    anon   admin   ad   ae   other_ae   creative   creative_off   finance   client

`ad` directs the lead AE of "our" account; `ae` leads it; `creative` is on its team;
`other_ae` leads another group's account, with `creative_off` on that team. `client` is the
portal login of a contact at our account's client: every page and endpoint of the agency's
answers it 403 (agency.boundary), but for the shared ones (logging in and out, the password,
the language); the portal's answer it with its own company's objects, and every other role
403 (anonymous: the login page). Another company's contact and our objects: test_portal.

Outcomes: `ok` (2xx), `302` (a redirect elsewhere than a login page: a page's form was
saved, or refused with a message shown on the page it returns to), `login` (a redirect to a
login page), or the status code (`400`, `401`, `403`, `404`, `405`, `409`). A 400 or 409
for a role means it passed the access checks and a business rule answered; for the routes
whose objects are not visible to a role, 404 (never 403: nothing confirms they exist). A
page form re-shown with its errors is `ok` (200): test_transition_matrix and test_idor check
that such refusals change nothing. Rows marked HTMX send `HX-Request` as the page's buttons
do, and get the refusal's own status (403, 409) instead of a redirect.

URL kwargs name objects of the world (`pk="invoice"` is its id) or are literals when no
object has that name (`name="hold"`). Bodies are built from the world at call time. A route
present in the URLconf without a row fails test_every_route_has_a_row; adding a route means
adding its rows here. The admin site (`admin:*`) is covered by ADMIN_RULE instead.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

LATER = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
PAST = (timezone.now() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")


@dataclass(frozen=True)
class Row:
    route: str
    method: str
    expect: str
    kwargs: dict = field(default_factory=dict)
    body: object = None  # a dict, or a function of the world returning one
    multipart: bool = False  # API rows send JSON unless this is set
    headers: dict = field(default_factory=dict)

    @property
    def outcomes(self) -> list[str]:
        return self.expect.split()


def R(route, method, expect, *, body=None, multipart=False, headers=None, **kwargs) -> Row:
    return Row(route, method, expect, kwargs, body, multipart, headers or {})


def csv_upload(world) -> SimpleUploadedFile:
    buy = world.media_buy.pk
    text = (
        f"media_buy,date,units_delivered,impressions,clicks,spend\n{buy},2030-03-20,1,10,1,5.00\n"
    )
    return SimpleUploadedFile("delivery.csv", text.encode(), content_type="text/csv")


def task_body(w):
    return {
        "account": w.account.pk,
        "title": "Matrix task",
        "department": "account",
        "owner": w.users["ae"].pk,
        "due_date": LATER,
    }


def buy_body(w):
    return {
        "account": w.account.pk,
        "outlet": w.outlet.pk,
        "placement": "Matrix slot",
        "flight_start": "2030-07-01",
        "flight_end": "2030-07-31",
        "unit_type": "spot",
        "quantity": 1,
        "unit_rate": "10.00",
    }


def invoice_body(w):
    line = {"kind": "fee", "description": "Fee", "quantity": "1", "unit_price": "5.00"}
    return {"account": w.account.pk, "lines": [{**line, "vat_rate": "0.06"}]}


PAYMENT = {"amount": "10.00", "received_on": str(timezone.localdate()), "method": "cheque"}
LINES_FORM = {
    "lines-TOTAL_FORMS": "1",
    "lines-INITIAL_FORMS": "0",
    "lines-0-kind": "fee",
    "lines-0-description": "Fee",
    "lines-0-quantity": "1",
    "lines-0-unit_price": "5.00",
    "lines-0-vat_rate": "0.06",
}
RATE_FORM = {"rate-TOTAL_FORMS": "0", "rate-INITIAL_FORMS": "0"}
HTMX = {"HX-Request": "true"}
OUTLET = {"name": "Matrix FM", "kind": "radio", "commission_rate": "0.15", "currency": "CNY"}

# fmt: off
MATRIX = [
    # --- Health, auth, the API's own pages ------------------------------------------------
    R("healthz", "GET",                       "ok ok ok ok ok ok ok ok ok"),
    R("readyz", "GET",                        "ok ok ok ok ok ok ok ok ok"),
    R("api:api-token", "POST",                "ok ok ok ok ok ok ok ok 403",
      body={"username": "w_ae", "password": "pass-word-123"}),
    R("api:api-me", "GET",                    "401 ok ok ok ok ok ok ok 403"),
    R("api:api-schema", "GET",                "ok ok ok ok ok ok ok ok 403"),
    R("api:api-docs", "GET",                  "ok ok ok ok ok ok ok ok 403"),
    # --- Notifications (each user's own) ------------------------------------------------------
    R("api:notification-list", "GET",         "401 ok ok ok ok ok ok ok 403"),
    R("api:notification-read", "POST",        "401 404 404 ok 404 404 404 404 403", pk="notification"),
    R("api:notification-read-all", "POST",    "401 ok ok ok ok ok ok ok 403"),
    # --- Clients, contacts, accounts ---------------------------------------------------------
    R("api:client-list", "GET",               "401 ok ok ok ok ok ok ok 403"),
    R("api:client-list", "POST",              "401 ok ok ok ok 403 403 403 403", body={"name": "Matrix Co"}),
    R("api:client-detail", "GET",             "401 ok ok ok 404 ok 404 ok 403", pk="client"),
    R("api:client-detail", "PUT",             "401 ok ok ok 404 403 404 403 403", pk="client",
      body={"name": "Renamed"}),
    R("api:client-detail", "PATCH",           "401 ok ok ok 404 403 404 403 403", pk="client",
      body={"industry": "Tea"}),
    R("api:contact-list", "GET",              "401 ok ok ok ok ok ok ok 403"),
    R("api:contact-list", "POST",             "401 ok ok ok 400 403 400 403 403",
      body=lambda w: {"client": w.client.pk, "name": "New contact"}),
    R("api:contact-detail", "GET",            "401 ok ok ok 404 ok 404 ok 403", pk="contact"),
    R("api:contact-detail", "PUT",            "401 ok ok ok 404 403 404 403 403", pk="contact",
      body=lambda w: {"client": w.client.pk, "name": "Renamed"}),
    R("api:contact-detail", "PATCH",          "401 ok ok ok 404 403 404 403 403", pk="contact",
      body={"title": "CMO"}),
    R("api:account-list", "GET",              "401 ok ok ok ok ok ok ok 403"),
    R("api:account-list", "POST",             "401 ok ok ok 400 403 400 403 403",
      body=lambda w: {"client": w.client.pk, "name": "New account",
                      "lead_ae": w.users["ae"].pk}),
    R("api:account-detail", "GET",            "401 ok ok ok 404 ok 404 ok 403", pk="account"),
    R("api:account-detail", "PUT",            "401 ok ok ok 404 403 404 403 403", pk="account",
      body={"name": "Renamed", "budget": "100000.00"}),
    R("api:account-detail", "PATCH",          "401 ok ok ok 404 403 404 403 403", pk="account",
      body={"name": "Renamed"}),
    R("api:account-history", "GET",           "401 ok ok ok 404 ok 404 ok 403", pk="account"),
    R("api:account-transitions", "GET",       "401 ok ok ok 404 ok 404 ok 403", pk="account"),
    R("api:account-take-transition", "POST",  "401 ok ok ok 404 403 404 403 403", pk="account", name="hold",
      body={"note": "Client paused"}),
    # --- Brief, team, work plan, meetings, contact reports, communications ------------------
    R("api:api-brief", "GET",                 "401 ok ok ok 404 ok 404 ok 403", account_id="account"),
    R("api:api-brief", "PUT",                 "401 ok ok ok 404 403 404 403 403", account_id="account",
      body={"product": "Tea", "sales_targets": "More"}),
    R("api:api-brief", "PATCH",               "401 ok ok ok 404 403 404 403 403", account_id="account",
      body={"sales_targets": "More"}),
    R("api:api-team", "GET",                  "401 ok ok ok 404 ok 404 ok 403", account_id="account"),
    R("api:api-team", "POST",                 "401 ok ok ok 404 403 404 403 403", account_id="account",
      body=lambda w: {"user": w.users["creative_off"].pk}),
    R("api:api-team-member", "DELETE",        "401 ok ok ok 404 403 404 403 403", account_id="account",
      member_id="team_member"),
    R("api:api-milestones", "GET",            "401 ok ok ok 404 ok 404 404 403", account_id="account"),
    R("api:api-milestones", "PUT",            "401 ok ok ok 404 403 404 404 403", account_id="account",
      body={"presentation_date": LATER}),
    R("api:api-milestones", "PATCH",          "401 ok ok ok 404 403 404 404 403", account_id="account",
      body={"presentation_date": LATER}),
    R("api:task-list", "GET",                 "401 ok ok ok ok ok ok ok 403"),
    R("api:task-list", "POST",                "401 ok ok ok 400 ok 400 400 403", body=task_body),
    R("api:task-detail", "GET",               "401 ok ok ok 404 ok 404 404 403", pk="task"),
    R("api:task-detail", "PUT",               "401 ok ok ok 404 ok 404 404 403", pk="task", body=task_body),
    R("api:task-detail", "PATCH",             "401 ok ok ok 404 403 404 404 403", pk="task",
      body={"status": "doing"}),
    R("api:meeting-list", "GET",              "401 ok ok ok ok ok ok ok 403"),
    R("api:meeting-list", "POST",             "401 ok ok ok 400 ok 400 400 403",
      body=lambda w: {"account": w.account.pk, "kind": "planning", "held_at": PAST}),
    R("api:meeting-detail", "GET",            "401 ok ok ok 404 ok 404 404 403", pk="meeting"),
    R("api:meeting-detail", "PUT",            "401 ok ok ok 404 ok 404 404 403", pk="meeting",
      body={"kind": "client_call", "held_at": PAST}),
    R("api:meeting-detail", "PATCH",          "401 ok ok ok 404 ok 404 404 403", pk="meeting",
      body={"minutes": "Noted"}),
    R("api:contact-report-list", "GET",       "401 ok ok ok ok ok ok ok 403"),
    R("api:contact-report-list", "POST",      "401 ok ok ok 400 403 400 400 403",
      body=lambda w: {"account": w.account.pk, "meeting": w.owed_meeting.pk,
                      "summary": "Discussed"}),
    R("api:contact-report-owed", "GET",       "401 ok ok ok ok ok ok ok 403"),
    R("api:contact-report-detail", "GET",     "401 ok ok ok 404 ok 404 404 403", pk="contact_report"),
    R("api:contact-report-detail", "PUT",     "401 ok ok ok 404 403 404 404 403", pk="contact_report",
      body={"summary": "Corrected"}),
    R("api:contact-report-detail", "PATCH",   "401 ok ok ok 404 403 404 404 403", pk="contact_report",
      body={"decisions": "Go"}),
    R("api:communication-list", "GET",        "401 ok ok ok ok ok ok ok 403"),
    R("api:communication-list", "POST",       "401 ok ok ok 400 403 400 400 403",
      body=lambda w: {"account": w.account.pk, "kind": "call", "subject": "Called"}),
    R("api:communication-detail", "GET",      "401 ok ok ok 404 ok 404 404 403", pk="communication"),
    R("api:communication-detail", "PUT",      "401 ok ok ok 404 403 404 404 403", pk="communication",
      body={"kind": "call", "subject": "Corrected"}),
    R("api:communication-detail", "PATCH",    "401 ok ok ok 404 403 404 404 403", pk="communication",
      body={"subject": "Corrected"}),
    # --- Media ------------------------------------------------------------------------------
    R("api:media-outlet-list", "GET",         "401 ok ok ok ok ok ok ok 403"),
    R("api:media-outlet-list", "POST",        "401 ok 403 403 403 403 403 403 403", body=OUTLET),
    R("api:media-outlet-detail", "GET",       "401 ok ok ok ok ok ok ok 403", pk="outlet"),
    R("api:media-outlet-detail", "PUT",       "401 ok 403 403 403 403 403 403 403", pk="outlet", body=OUTLET),
    R("api:media-outlet-detail", "PATCH",     "401 ok 403 403 403 403 403 403 403", pk="outlet",
      body={"vendor_phone": "110"}),
    R("api:media-buy-list", "GET",            "401 ok ok ok ok ok ok ok 403"),
    R("api:media-buy-list", "POST",           "401 ok ok ok 400 403 400 403 403", body=buy_body),
    R("api:media-buy-detail", "GET",          "401 ok ok ok 404 ok 404 ok 403", pk="planned_buy"),
    R("api:media-buy-detail", "PUT",          "401 ok ok ok 404 403 404 403 403", pk="planned_buy", body=buy_body),
    R("api:media-buy-detail", "PATCH",        "401 ok ok ok 404 403 404 403 403", pk="planned_buy",
      body={"placement": "Moved"}),
    R("api:media-buy-request-quote", "POST",  "401 ok ok ok 404 403 404 403 403", pk="planned_buy"),
    R("api:media-buy-negotiate", "POST",      "401 409 409 409 404 409 404 409 403", pk="media_buy"),
    R("api:media-buy-book", "POST",           "401 409 409 409 404 409 404 409 403", pk="media_buy",
      body={"vendor_reference": "VR-2"}),
    R("api:media-buy-start", "POST",          "401 ok ok ok 404 403 404 403 403", pk="media_buy"),
    R("api:media-buy-complete", "POST",       "401 409 409 409 404 409 404 409 403", pk="media_buy"),
    R("api:media-buy-reconcile", "POST",      "401 409 409 409 404 409 404 409 403", pk="media_buy"),
    R("api:media-buy-cancel", "POST",         "401 ok ok ok 404 403 404 403 403", pk="media_buy",
      body={"note": "Vendor fell through"}),
    R("api:api-insertion-order", "GET",       "401 ok ok ok 404 ok 404 ok 403", pk="media_buy"),
    R("api:delivery-list", "GET",             "401 ok ok ok ok ok ok ok 403"),
    R("api:delivery-list", "POST",            "401 ok ok ok 400 403 400 403 403",
      body=lambda w: {"media_buy": w.media_buy.pk, "date": "2030-03-10", "units_delivered": 1,
                      "impressions": 5, "clicks": 0, "spend": "1.00"}),
    R("api:delivery-detail", "GET",           "401 ok ok ok 404 ok 404 ok 403", pk="delivery"),
    R("api:delivery-detail", "PUT",           "401 ok ok ok 404 403 404 403 403", pk="delivery",
      body={"date": "2030-03-02", "units_delivered": 2}),
    R("api:delivery-detail", "PATCH",         "401 ok ok ok 404 403 404 403 403", pk="delivery",
      body={"clicks": 11}),
    R("api:delivery-import-csv", "POST",      "401 ok ok ok 400 400 400 400 403", multipart=True,
      body=lambda w: {"file": csv_upload(w)}),
    R("api:api-effect-report", "GET",         "401 ok ok ok 404 ok 404 ok 403", account_id="account"),
    R("api:api-effect-report", "PATCH",       "401 400 400 400 404 403 404 403 403", account_id="account",
      body={"summary": "Rewritten"}),
    R("api:api-effect-report-publish", "POST", "401 400 400 400 404 403 404 403 403", account_id="account"),
    R("api:api-effect-report-pdf", "GET",     "401 ok ok ok 404 ok 404 ok 403", account_id="account"),
    # --- Billing ----------------------------------------------------------------------------
    R("api:invoice-list", "GET",              "401 ok ok ok ok ok ok ok 403"),
    R("api:invoice-list", "POST",             "401 ok ok ok 400 403 400 ok 403", body=invoice_body),
    R("api:invoice-detail", "GET",            "401 ok ok ok 404 404 404 ok 403", pk="invoice"),
    R("api:invoice-detail", "PUT",            "401 ok ok ok 404 404 404 ok 403", pk="draft_invoice",
      body=invoice_body),
    R("api:invoice-detail", "PATCH",          "401 ok ok ok 404 404 404 ok 403", pk="draft_invoice",
      body={"notes": "Net 30"}),
    R("api:invoice-issue", "POST",            "401 ok ok ok 404 404 404 ok 403", pk="draft_invoice"),
    R("api:invoice-credit", "POST",           "401 ok 403 403 404 404 404 ok 403", pk="invoice",
      body={"amount": "5.00", "reason": "Discount"}),
    R("api:invoice-history", "GET",           "401 ok ok ok 404 404 404 ok 403", pk="invoice"),
    R("api:invoice-payments", "GET",          "401 ok ok ok 404 404 404 ok 403", pk="invoice"),
    R("api:invoice-payments", "POST",         "401 ok 403 403 404 404 404 ok 403", pk="invoice", body=PAYMENT,
      headers={"Idempotency-Key": "matrix-1"}),
    R("api:invoice-reverse-payment", "POST",  "401 ok 403 403 404 404 404 ok 403", pk="invoice",
      payment_id="payment", body={"reason": "Bounced"}),
    R("api:invoice-send", "POST",             "401 ok ok ok 404 404 404 403 403", pk="invoice",
      body=lambda w: {"contact": w.contact.pk}),
    R("api:invoice-pdf", "GET",               "401 ok ok ok 404 404 404 ok 403", pk="invoice"),
    R("api:report-pipeline", "GET",           "401 ok ok ok ok ok ok ok 403"),
    R("api:report-workload", "GET",           "401 ok ok ok ok ok ok ok 403"),
    R("api:report-revenue", "GET",            "401 ok ok ok ok ok ok ok 403"),
    R("api:api-not-found", "GET",             "404 404 404 404 404 404 404 404 403", path="no/such/thing/"),
    # --- Proposals -------------------------------------------------------------------------
    R("api:api-proposal-list", "GET",         "401 ok ok ok ok ok ok ok 403"),
    R("api:api-proposal-list", "POST",        "401 400 400 400 400 403 400 403 403",
      body=lambda w: {"account": w.account.pk, "title": "Version next"}),
    R("api:api-proposal-detail", "GET",       "401 ok ok ok 404 ok 404 404 403", pk="proposal"),
    R("api:api-proposal-detail", "PUT",       "401 400 400 400 404 400 404 404 403", pk="proposal",
      body={"title": "Renamed"}),
    R("api:api-proposal-detail", "PATCH",     "401 400 400 400 404 400 404 404 403", pk="proposal",
      body={"title": "Renamed"}),
    R("api:api-proposal-history", "GET",      "401 ok ok ok 404 ok 404 404 403", pk="proposal"),
    R("api:api-proposal-pdf", "GET",          "401 ok ok ok 404 ok 404 404 403", pk="proposal"),
    R("api:api-proposal-submit", "POST",      "401 409 409 409 404 409 404 404 403", pk="proposal"),
    R("api:api-proposal-return-to-draft", "POST", "401 409 409 409 404 409 404 404 403", pk="proposal",
      body={"reason": "More work"}),
    R("api:api-proposal-approve-internally", "POST", "401 409 409 409 404 409 404 404 403", pk="proposal"),
    R("api:api-proposal-present", "POST",     "401 409 409 409 404 409 404 404 403", pk="proposal"),
    R("api:api-proposal-accept", "POST",      "401 409 409 409 404 409 404 404 403", pk="proposal",
      body={"approved_by": "Ms Li", "reference": "PO-2"}),
    R("api:api-proposal-request-revision", "POST", "401 409 409 409 404 409 404 404 403", pk="proposal",
      body={"reason": "Bolder"}),
    R("api:api-proposal-reject", "POST",      "401 409 409 409 404 409 404 404 403", pk="proposal",
      body={"reason": "Too dear"}),
    R("api:api-ar-aging", "GET",              "401 ok ok ok ok ok ok ok 403"),
    # === Pages ===============================================================================
    R("home", "GET",                          "login 302 302 302 302 302 302 302 302"),
    R("login", "GET",                         "ok ok ok ok ok ok ok ok ok"),
    R("logout", "POST",                       "login login login login login login login login login"),
    R("password_change", "GET",               "login ok ok ok ok ok ok ok ok"),
    R("password_change_done", "GET",          "login ok ok ok ok ok ok ok ok"),
    R("password_reset", "GET",                "ok ok ok ok ok ok ok ok ok"),
    R("password_reset_done", "GET",           "ok ok ok ok ok ok ok ok ok"),
    R("password_reset_confirm", "GET",        "ok ok ok ok ok ok ok ok ok", uidb64="MQ", token="x-y"),
    R("password_reset_complete", "GET",       "ok ok ok ok ok ok ok ok ok"),
    R("switch-language", "POST",              "302 302 302 302 302 302 302 302 302", body={"language": "en"}),
    R("switch-time-zone", "POST",             "login 302 302 302 302 302 302 302 302", body={"time_zone": ""}),
    R("notification-list", "GET",             "login ok ok ok ok ok ok ok 403"),
    R("notification-bell", "GET",             "login ok ok ok ok ok ok ok 403"),
    R("notification-read", "POST",            "login 404 404 302 404 404 404 404 403", pk="notification"),
    R("notification-read-all", "POST",        "login 302 302 302 302 302 302 302 403"),
    R("reminder-settings", "GET",             "login ok ok ok ok ok ok ok 403"),
    R("reminder-settings", "POST",            "login 302 302 302 302 302 302 302 403", body={"receive": []}),
    R("client-list", "GET",                   "login ok ok ok ok ok ok ok 403"),
    R("client-create", "GET",                 "login ok ok ok ok 403 403 403 403"),
    R("client-create", "POST",                "login 302 302 302 302 403 403 403 403",
      body={"name": "Page Co", "currency": "CNY", "payment_terms_days": "30"}),
    R("client-detail", "GET",                 "login ok ok ok 404 ok 404 ok 403", pk="client"),
    R("client-edit", "GET",                   "login ok ok ok 404 403 404 403 403", pk="client"),
    R("client-edit", "POST",                  "login 302 302 302 404 403 404 403 403", pk="client",
      body={"name": "Renamed", "currency": "CNY", "payment_terms_days": "30"}),
    R("contact-add", "POST",                  "login 302 302 302 404 403 404 403 403", pk="client",
      body={"new-name": "Page contact"}),
    R("contact-row", "GET",                   "login ok ok ok 404 ok 404 ok 403", pk="client", contact_pk="contact"),
    R("contact-edit", "GET",                  "login ok ok ok 404 403 404 403 403", pk="client", contact_pk="contact"),
    R("contact-edit", "POST",                 "login 302 302 302 404 403 404 403 403", pk="client", contact_pk="contact",
      body=lambda w: {f"c{w.contact.pk}-name": "Renamed"}),
    R("pipeline", "GET",                      "login ok ok ok ok ok ok ok 403"),
    R("account-list", "GET",                  "login ok ok ok ok ok ok ok 403"),
    R("account-create", "GET",                "login ok ok ok ok 403 403 403 403"),
    R("account-create", "POST",               "login 302 302 302 ok 403 403 403 403",
      body=lambda w: {"client": w.client.pk, "name": "Page account", "budget": "10.00",
                      "lead_ae": w.users["ae"].pk}),
    R("account-detail", "GET",                "login ok ok ok 404 ok 404 ok 403", pk="account"),
    R("account-edit", "GET",                  "login ok ok ok 404 403 404 403 403", pk="account"),
    R("account-edit", "POST",                 "login 302 302 302 404 403 404 403 403", pk="account",
      body=lambda w: {"name": "Renamed", "budget": "100000.00", "currency": "CNY",
                      "lead_ae": w.users["ae"].pk}),
    R("account-lifecycle", "GET",             "login ok ok ok 404 ok 404 ok 403", pk="account"),
    R("account-transition", "POST",           "login ok ok ok 404 403 404 403 403", pk="account", name="hold",
      body={"note": "Client paused"}, headers=HTMX),
    R("brief-edit", "GET",                    "login ok ok ok 404 403 404 403 403", pk="account"),
    R("brief-edit", "POST",                   "login 302 302 302 404 403 404 403 403", pk="account",
      body={"product": "Tea"}),
    R("team-panel", "GET",                    "login ok ok ok 404 ok 404 ok 403", pk="account"),
    R("team-add", "POST",                     "login ok ok ok 404 403 404 403 403", pk="account",
      body=lambda w: {"user": w.users["creative_off"].pk}, headers=HTMX),
    R("team-remove", "POST",                  "login ok ok ok 404 403 404 403 403", pk="account",
      member_pk="team_member", headers=HTMX),
    R("my-tasks", "GET",                      "login ok ok ok ok ok ok ok 403"),
    R("account-workplan", "GET",              "login ok ok ok 404 ok 404 404 403", account_id="account"),
    R("workplan-task-add", "POST",            "login 302 302 302 404 302 404 404 403", account_id="account",
      body=lambda w: {"title": "Page task", "department": "account",
                      "owner": w.users["ae"].pk, "due_date": LATER}),
    R("workplan-milestones", "POST",          "login 302 302 302 404 403 404 404 403", account_id="account",
      body={"presentation_date": LATER}),
    R("task-status", "POST",                  "login 302 302 302 404 403 404 404 403", task_id="task",
      body={"status": "doing"}),
    R("account-meetings", "GET",              "login ok ok ok 404 ok 404 404 403", account_id="account"),
    R("meeting-new", "GET",                   "login ok ok ok 404 ok 404 404 403", account_id="account"),
    R("meeting-new", "POST",                  "login 302 302 302 404 302 404 404 403", account_id="account",
      body={"kind": "planning", "held_at": PAST}),
    R("meeting-page", "GET",                  "login ok ok ok 404 ok 404 404 403", meeting_id="meeting"),
    R("account-contact-reports", "GET",       "login ok ok ok 404 ok 404 404 403", account_id="account"),
    R("contact-report-new", "GET",            "login ok ok ok 404 403 404 404 403", account_id="account"),
    R("contact-report-new", "POST",           "login 302 302 302 404 403 404 404 403", account_id="account",
      body=lambda w: {"meeting": w.owed_meeting.pk, "summary": "Discussed",
                      "items-TOTAL_FORMS": "0", "items-INITIAL_FORMS": "0"}),
    R("contact-report-page", "GET",           "login ok ok ok 404 ok 404 404 403", report_id="contact_report"),
    R("account-communications", "GET",        "login ok ok ok 404 ok 404 404 403", account_id="account"),
    R("account-communications", "POST",       "login 302 302 302 404 403 404 404 403", account_id="account",
      body=lambda w: {"kind": "call", "occurred_at": PAST, "ae": w.users["ae"].pk,
                      "subject": "Called"}),
    R("proposal-list", "GET",                 "login ok ok ok ok ok ok ok 403"),
    R("account-proposals", "GET",             "login ok ok ok 404 ok 404 ok 403", account_id="account"),
    R("proposal-create", "GET",               "login 302 302 302 404 302 404 302 403", account_id="account"),
    R("proposal-create", "POST",              "login 302 302 302 404 302 404 302 403", account_id="account",
      body={"title": "Next version"}),
    R("proposal-detail", "GET",               "login ok ok ok 404 ok 404 404 403", pk="proposal"),
    R("proposal-edit", "GET",                 "login 302 302 302 404 302 404 404 403", pk="proposal"),
    R("proposal-edit", "POST",                "login 302 302 302 404 302 404 404 403", pk="proposal",
      body={"title": "Renamed"}),
    R("proposal-pdf", "GET",                  "login ok ok ok 404 ok 404 404 403", pk="proposal"),
    R("proposal-compare", "GET",              "login ok ok ok 404 ok 404 404 403", pk="proposal"),
    R("proposal-action", "POST",              "login 302 302 302 404 302 404 404 403", pk="proposal", name="submit"),
    R("ad-dashboard", "GET",                  "login ok ok 403 403 403 403 403 403"),
    R("dashboard-export", "GET",              "login ok ok 403 403 403 403 403 403", table="funnel"),
    R("dashboard-list", "GET",                "login ok ok 403 403 403 403 403 403", figure="open"),
    R("dashboard-table", "GET",               "login ok ok 403 403 403 403 403 403", table="people"),
    R("dashboard-options", "GET",             "login ok ok 403 403 403 403 403 403", kind="ae"),
    R("my-day", "GET",                        "login ok ok ok ok ok ok ok 403"),
    R("finance-desk", "GET",                  "login ok 403 403 403 403 403 ok 403"),
    R("outlet-list", "GET",                   "login ok ok ok ok ok ok ok 403"),
    R("outlet-create", "GET",                 "login ok 403 403 403 403 403 403 403"),
    R("outlet-create", "POST",                "login 302 403 403 403 403 403 403 403", body={**OUTLET, **RATE_FORM}),
    R("outlet-edit", "GET",                   "login ok 403 403 403 403 403 403 403", pk="outlet"),
    R("outlet-edit", "POST",                  "login 302 403 403 403 403 403 403 403", pk="outlet",
      body={**OUTLET, **RATE_FORM, "is_active": "on"}),
    R("account-media", "GET",                 "login ok ok ok 404 ok 404 ok 403", account_id="account"),
    R("account-reminders", "GET",             "login ok ok ok 404 ok 404 ok 403", pk="account"),
    R("buy-create", "GET",                    "login ok ok ok 404 ok 404 ok 403", account_id="account"),
    R("buy-create", "POST",                   "login 302 302 302 404 403 404 403 403", account_id="account",
      body=buy_body),
    R("buy-edit", "GET",                      "login ok ok ok 404 ok 404 ok 403", pk="planned_buy"),
    R("buy-edit", "POST",                     "login 302 302 302 404 403 404 403 403", pk="planned_buy", body=buy_body),
    R("buy-transition", "POST",               "login 302 302 302 404 403 404 403 403", pk="planned_buy",
      name="request_quote"),
    R("buy-insertion-order", "GET",           "login ok ok ok 404 ok 404 ok 403", pk="media_buy"),
    R("buy-deliveries", "GET",                "login ok ok ok 404 ok 404 ok 403", pk="media_buy"),
    R("buy-deliveries", "POST",               "login 302 302 302 404 403 404 403 403", pk="media_buy",
      body={"date": "2030-03-11", "units_delivered": "1", "impressions": "1", "clicks": "0",
            "spend": "1.00"}),
    R("delivery-import", "GET",               "login ok ok ok ok ok ok ok 403"),
    R("delivery-import", "POST",              "login 302 302 302 ok ok ok ok 403",
      body=lambda w: {"file": csv_upload(w)}),
    R("media-calendar", "GET",                "login ok ok ok ok ok ok ok 403"),
    R("effect-report", "GET",                 "login ok ok ok 404 ok 404 ok 403", account_id="account"),
    R("effect-report", "POST",                "login ok ok ok 404 403 404 403 403", account_id="account",
      body={"summary": "Rewritten", "results": ""}),
    R("effect-report-publish", "POST",        "login 302 302 302 404 403 404 403 403", account_id="account"),
    R("effect-report-pdf", "GET",             "login ok ok ok 404 ok 404 ok 403", account_id="account"),
    R("invoices", "GET",                      "login ok ok ok ok ok ok ok 403"),
    R("invoice-create", "GET",                "login ok ok ok ok ok ok ok 403"),
    R("invoice-create", "POST",               "login 302 302 302 ok ok ok 302 403",
      body=lambda w: {"account": w.account.pk, **LINES_FORM}),
    R("invoice", "GET",                       "login ok ok ok 404 404 404 ok 403", pk="invoice"),
    R("invoice-edit", "GET",                  "login ok ok ok 404 404 404 ok 403", pk="draft_invoice"),
    R("invoice-edit", "POST",                 "login 302 302 302 404 404 404 302 403", pk="draft_invoice",
      body=LINES_FORM),
    R("invoice-issue", "POST",                "login 302 302 302 404 404 404 302 403", pk="draft_invoice"),
    R("invoice-payment", "GET",               "login ok 403 403 404 404 404 ok 403", pk="invoice"),
    R("invoice-payment", "POST",              "login 302 403 403 404 404 404 302 403", pk="invoice",
      body={**PAYMENT, "token": "page-token-1"}),
    R("invoice-credit", "POST",               "login 302 403 403 404 404 404 302 403", pk="invoice",
      body={"amount": "5.00", "reason": "Discount"}),
    R("invoice-send", "POST",                 "login 302 302 302 404 404 404 403 403", pk="invoice",
      body=lambda w: {"contact": w.contact.pk}),
    R("invoice-pdf", "GET",                   "login ok ok ok 404 404 404 ok 403", pk="invoice"),
    R("payment-reverse", "POST",              "login 302 403 403 404 404 404 302 403", pk="invoice",
      payment_id="payment", body={"reason": "Bounced"}),
    R("ar-aging", "GET",                      "login ok ok ok ok ok ok ok 403"),
    R("ar-aging-csv", "GET",                  "login ok ok ok ok ok ok ok 403"),
    # --- Invoices from the work sold; insertion orders per outlet --------------------------
    # GET rows send their body as the query string. `creative` sees the account but does
    # not bill it (403); the outsiders do not see it (404).
    R("api:invoice-suggest", "GET",           "401 ok ok ok 404 403 404 ok 403",
      body=lambda w: {"account": w.account.pk}),
    R("api:api-outlet-insertion-order", "GET", "401 ok ok ok 404 ok 404 ok 403",
      account_id="account", outlet_id="outlet"),
    R("outlet-insertion-order", "GET",        "login ok ok ok 404 ok 404 ok 403",
      account_id="account", outlet_id="outlet"),

    R("contact-portal-access", "POST",        "login 302 302 302 404 403 404 403 403", pk="client",
      contact_pk="contact", body={"action": "grant"}),
    # --- The client portal: the client contact's own company only ---------------------------
    R("portal:home", "GET",                   "login 403 403 403 403 403 403 403 ok"),
    R("portal:proposals", "GET",              "login 403 403 403 403 403 403 403 ok"),
    R("portal:proposal", "GET",               "login 403 403 403 403 403 403 403 ok", pk="proposal"),
    R("portal:proposal-pdf", "GET",           "login 403 403 403 403 403 403 403 ok", pk="proposal"),
    R("portal:proposal-approve", "POST",      "login 403 403 403 403 403 403 403 302", pk="proposal",
      body={"approve-reference": "PO-9"}),
    R("portal:proposal-changes", "POST",      "login 403 403 403 403 403 403 403 302", pk="proposal",
      body={"changes-reason": "Bolder"}),
    R("portal:invoices", "GET",               "login 403 403 403 403 403 403 403 ok"),
    R("portal:invoice-pdf", "GET",            "login 403 403 403 403 403 403 403 ok", pk="invoice"),
    R("portal:messages", "GET",               "login 403 403 403 403 403 403 403 ok"),
    R("portal:messages", "POST",              "login 403 403 403 403 403 403 403 302",
      body=lambda w: {"account": w.account.pk, "subject": "A question", "body": "When?"}),
]
# fmt: on

#: The admin site: staff only. Every admin route answers anyone else with the admin's login
#: page; the administrator gets every model's list and add form (or 403 where adding is
#: refused by design). These are the routes the rule leaves out, and why.
ADMIN_RULE = (
    "anonymous and non-staff: redirect to admin:login; client: 403; admin: 200 (or 403 by design)"
)
ADMIN_OPEN = {
    "admin:login": "the login form itself",
    "admin:logout": "POST only; logs nobody in",
    "admin:view_on_site": "a redirect to the object's public URL (the page's own checks apply)",
}
