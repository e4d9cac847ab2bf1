"""reliability.md 10: an outsider (`other_ae`, another group's AE) who calls any route of one
of our objects — detail, update, delete, actions, downloads — gets 404 every time, and our
rows are unchanged afterwards.

Adding an object type is one line in OBJECT_ROUTES (and its routes' rows in access_matrix.py,
which test_every_route_names_a_type keeps honest).
"""

from dataclasses import replace

import pytest

from . import snapshots
from .access_matrix import MATRIX
from .calls import call as call_route
from .calls import url_for

pytestmark = pytest.mark.django_db

#: Every object type, with every route that addresses one such object by its id (or by its
#: account's id).
OBJECT_ROUTES = {
    "client": ["api:client-detail", "client-detail", "client-edit", "contact-add"],
    "contact": ["api:contact-detail", "contact-row", "contact-edit", "contact-portal-access"],
    "account": [
        "api:account-detail",
        "api:account-history",
        "api:account-transitions",
        "api:account-take-transition",
        "account-detail",
        "account-edit",
        "account-lifecycle",
        "account-transition",
        "api:invoice-suggest",
    ],
    "brief": ["api:api-brief", "brief-edit"],
    "team member": ["api:api-team", "api:api-team-member", "team-panel", "team-add", "team-remove"],
    "work plan and task": [
        "api:api-milestones",
        "api:task-detail",
        "account-workplan",
        "workplan-task-add",
        "workplan-milestones",
        "task-status",
    ],
    "meeting": ["api:meeting-detail", "account-meetings", "meeting-new", "meeting-page"],
    "contact report": [
        "api:contact-report-detail",
        "account-contact-reports",
        "contact-report-new",
        "contact-report-page",
    ],
    "communication": ["api:communication-detail", "account-communications"],
    "media buy": [
        "api:media-buy-detail",
        "api:media-buy-request-quote",
        "api:media-buy-negotiate",
        "api:media-buy-book",
        "api:media-buy-start",
        "api:media-buy-complete",
        "api:media-buy-reconcile",
        "api:media-buy-cancel",
        "account-media",
        "buy-create",
        "buy-edit",
        "buy-transition",
        "buy-deliveries",
    ],
    "delivery": ["api:delivery-detail"],
    "effect report": [
        "api:api-effect-report",
        "api:api-effect-report-publish",
        "effect-report",
        "effect-report-publish",
    ],
    "invoice": [
        "api:invoice-detail",
        "api:invoice-issue",
        "api:invoice-credit",
        "api:invoice-history",
        "api:invoice-send",
        "invoice",
        "invoice-edit",
        "invoice-issue",
        "invoice-credit",
        "invoice-send",
    ],
    "payment": [
        "api:invoice-payments",
        "api:invoice-reverse-payment",
        "invoice-payment",
        "payment-reverse",
    ],
    "notification": ["api:notification-read", "notification-read", "account-reminders"],
    "proposal": [
        "api:api-proposal-detail",
        "api:api-proposal-history",
        "api:api-proposal-submit",
        "api:api-proposal-return-to-draft",
        "api:api-proposal-approve-internally",
        "api:api-proposal-present",
        "api:api-proposal-accept",
        "api:api-proposal-request-revision",
        "api:api-proposal-reject",
        "account-proposals",
        "proposal-create",
        "proposal-detail",
        "proposal-edit",
        "proposal-compare",
        "proposal-action",
    ],
    "pdf": [
        "api:api-proposal-pdf",
        "proposal-pdf",
        "api:api-insertion-order",
        "api:api-effect-report-pdf",
        "api:invoice-pdf",
        "buy-insertion-order",
        "effect-report-pdf",
        "invoice-pdf",
        "api:api-outlet-insertion-order",
        "outlet-insertion-order",
    ],
    # CSV exports are lists (ar-aging.csv): test_lists_and_sums checks what they contain.
}


#: Routes of objects that are nobody's: outlets are reference data every staff member reads
#: (who writes them is in the access matrix).
REFERENCE_DATA = {"api:media-outlet-detail", "outlet-edit"}

#: The portal's routes of one object. To everyone but a client contact the whole portal is
#: closed (403 whatever the id: it confirms nothing); there the outsider is another company's
#: contact, who gets 404 on our objects, as ours does on theirs (below).
PORTAL_OBJECT_ROUTES = [
    "portal:proposal",
    "portal:proposal-pdf",
    "portal:proposal-approve",
    "portal:proposal-changes",
    "portal:invoice-pdf",
]


def rows_of(routes: list[str]):
    return [row for row in MATRIX if row.route in routes]


@pytest.fixture(autouse=True)
def no_pdf_rendering(monkeypatch):
    monkeypatch.setattr("agency.pdf.write_pdf", lambda html, **kwargs: b"%PDF-1.7 stub")


@pytest.mark.parametrize("kind", OBJECT_ROUTES)
def test_an_outsider_gets_404_everywhere_and_changes_nothing(kind, world):
    # Given our rows, and the outsider logged in
    outsider = world.clients["other_ae"]
    before = snapshots.ours(world)
    # When they call every route of this kind of object, every method
    answers = {}
    for row in rows_of(OBJECT_ROUTES[kind]):
        response = call_route(outsider, row, world, url_for(row, world))
        answers[f"{row.route} {row.method}"] = response.status_code
    # Then each answer is 404, and none of our rows changed
    assert answers and set(answers.values()) == {404}, answers
    assert snapshots.diff(before, snapshots.ours(world)) == []


def test_another_companys_contact_gets_404_on_our_objects_and_changes_nothing(world):
    # Given our rows, and the portal login of another client's contact
    before = snapshots.ours(world)
    # When they call every portal route of one of our objects (a draft invoice too)
    rows = [*rows_of(PORTAL_OBJECT_ROUTES), *_on(rows_of(["portal:invoice-pdf"]), "draft_")]
    answers = {}
    for row in rows:
        response = call_route(world.clients["other_client"], row, world, url_for(row, world))
        answers[f"{row.route} {row.method} {row.kwargs}"] = response.status_code
    # Then each answer is 404, and none of our rows changed
    assert answers and set(answers.values()) == {404}, answers
    assert snapshots.diff(before, snapshots.ours(world)) == []


def test_our_contact_gets_404_on_another_companys_objects(world):
    answers = {}
    for row in _on(rows_of(PORTAL_OBJECT_ROUTES), "their_"):
        response = call_route(world.clients["client"], row, world, url_for(row, world))
        answers[f"{row.route} {row.method}"] = response.status_code
    assert answers and set(answers.values()) == {404}, answers


def _on(rows, prefix: str) -> list:
    """The rows with their objects swapped for `prefix` + name (their_invoice...)."""
    return [replace(row, kwargs={k: prefix + v for k, v in row.kwargs.items()}) for row in rows]


def test_every_route_that_names_our_object_has_a_type():
    """A new route that addresses an object (an id in its URL) must be listed above."""
    listed = {route for routes in OBJECT_ROUTES.values() for route in routes}
    addressed = {row.route for row in MATRIX if _names_an_object(row)}
    assert addressed - listed - REFERENCE_DATA - set(PORTAL_OBJECT_ROUTES) == set(), (
        "routes of objects missing from OBJECT_ROUTES"
    )


def _names_an_object(row) -> bool:
    literal = {"name", "uidb64", "token", "path", "table", "figure", "kind"}
    return any(key not in literal for key in row.kwargs)


def test_ids_of_our_objects_in_a_body_are_refused_and_change_nothing(world):
    """Creating through a list endpoint with our account, buy or client in the body: the
    outsider's request is refused (400: "no such object"), nothing is attached to us."""
    outsider = world.clients["other_ae"]
    before = snapshots.ours(world)
    answers = {}
    for row in MATRIX:
        if row.method == "GET" or row.kwargs or not row.route.startswith("api:"):
            continue
        if row.route in ("api:api-token", "api:notification-read-all"):
            continue  # about the caller alone
        response = call_route(outsider, row, world, url_for(row, world))
        answers[row.route] = response.status_code
    assert snapshots.diff(before, snapshots.ours(world)) == []
    refused = {route: code for route, code in answers.items() if code not in (400, 403)}
    assert refused == {"api:client-list": 201}, refused  # a new client of their own
