"""reliability.md 9: every route × role × method answers what access_matrix.py says."""

import json
import os
from http.cookies import SimpleCookie

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from agency.models import User

from .access_matrix import ADMIN_OPEN, MATRIX, Row
from .routes import all_routes
from .world import ROLES, World

pytestmark = pytest.mark.django_db

RECORD = os.environ.get("ACCESS_MATRIX_RECORD")  # a file: write what each row got, to review


@pytest.fixture(autouse=True)
def no_pdf_rendering(monkeypatch):
    """Access is what this module checks: PDFs are rendered (slowly) in test_pdf."""
    monkeypatch.setattr("agency.pdf.write_pdf", lambda html, **kwargs: b"%PDF-1.7 stub")


def outcome(response) -> str:
    code = response.status_code
    if code in (301, 302, 303):
        return "login" if "login/" in response.get("Location", "") else "302"
    if code == 204 and "login/" in response.get("HX-Redirect", ""):
        return "login"  # htmx is told to send the whole page to the login form
    if code < 300:
        return "ok"
    return str(code)


def url_for(row: Row, world: World) -> str:
    kwargs = {}
    for name, value in row.kwargs.items():
        obj = world.objects.get(value)
        kwargs[name] = obj.pk if obj is not None else value
    return reverse(row.route, kwargs=kwargs)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def call(client: Client, row: Row, world: World, url: str):
    body = row.body(world) if callable(row.body) else row.body
    method = getattr(client, row.method.lower())
    headers = row.headers
    if row.method == "GET":
        return method(url, headers=headers)
    if row.route.startswith("api:") and not row.multipart:
        data = json.dumps(body or {})
        return method(url, data, content_type="application/json", headers=headers)
    if row.method == "POST":
        return method(url, body or {}, headers=headers)
    form = "application/x-www-form-urlencoded"
    return method(url, body or {}, content_type=form, headers=headers)


def answer(row: Row, world: World, role: str) -> str:
    """The outcome for one role; whatever the call wrote is rolled back."""
    client = world.clients[role]
    cookies = SimpleCookie()
    for key, morsel in client.cookies.items():
        cookies[key] = morsel
    with transaction.atomic():
        try:
            got = outcome(call(client, row, world, url_for(row, world)))
        except Exception as exc:  # noqa: BLE001 - a crash is an outcome the table can name
            got = f"500:{type(exc).__name__}"
        transaction.set_rollback(True)
    client.cookies = cookies  # logging out (or a new language) stays with this call
    return got


def _id(row: Row) -> str:
    return f"{row.route} {row.method}"


@pytest.mark.parametrize("row", MATRIX, ids=_id)
def test_route_answers_each_role_as_the_table_says(row, world):
    # Given the world and every role; When each calls the route; Then the table's outcome
    got = [answer(row, world, role) for role in ROLES]
    if RECORD:
        with open(RECORD, "a") as out:
            out.write(json.dumps([row.route, row.method, " ".join(got)]) + "\n")
        return
    expected = row.outcomes
    assert len(expected) == len(ROLES), f"{_id(row)}: one outcome per role in {ROLES}"
    wrong = {role: (e, g) for role, e, g in zip(ROLES, expected, got, strict=True) if e != g}
    assert not wrong, f"{_id(row)}: role → (expected, got): {wrong}"


def _required_methods(route) -> set[str]:
    if route.actions:
        return {m.upper() for m in route.actions} - {"HEAD", "OPTIONS"}
    return set()


def test_every_route_has_a_row():
    """A route present in the URLconf without a row fails here ("new route without a row"),
    and so does a row whose route is gone."""
    rows = {(row.route, row.method) for row in MATRIX}
    routed = {r.name for r in all_routes() if r.name and not r.is_admin}
    missing = sorted(name for name in routed if not any(r == name for r, _ in rows))
    assert not missing, f"new routes without a row in access_matrix.py: {missing}"
    for route in all_routes():
        if route.is_admin or not route.name:
            continue
        lacking = _required_methods(route) - {m for r, m in rows if r == route.name}
        assert not lacking, f"{route.name}: methods without a row: {sorted(lacking)}"
    stale = sorted({r for r, _ in rows} - routed)
    assert not stale, f"rows for routes that no longer exist: {stale}"


def test_unnamed_routes_are_only_the_admins_redirects():
    unnamed = [r.pattern for r in all_routes() if not r.name]
    assert unnamed and all(p.startswith("admin/") for p in unnamed), unnamed


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
def test_the_admin_site_is_for_staff_only(role, world):
    """ADMIN_RULE: every admin route but ADMIN_OPEN sends anyone not staff to the admin's
    login; the administrator gets each model's list."""
    client = client_for(world.user(role))
    for route in all_routes():
        if not route.is_admin or not route.name or route.name in ADMIN_OPEN:
            continue
        kwargs = {name: _admin_kwarg(name) for name in route.kwargs}
        response = client.get(reverse(route.name, kwargs=kwargs))
        assert response.status_code == 302, (route.name, response.status_code)
        assert response["Location"].startswith(reverse("admin:login")), route.name


def test_the_administrator_sees_every_admin_list(world):
    client = client_for(world.user("admin"))
    lists = [r for r in all_routes() if r.name.endswith("_changelist")]
    assert len(lists) > 10
    for route in lists:
        assert client.get(reverse(route.name)).status_code == 200, route.name


def _admin_kwarg(name: str) -> str:
    return {"app_label": "billing", "object_id": "1", "content_type_id": "1"}.get(name, "x")


def test_nothing_is_deleted_through_the_api(world):
    """A DRF route without a `delete` action answers DELETE with 405, even to the admin."""
    client = client_for(world.user("admin"))
    for route in all_routes():
        if not route.actions or "delete" in route.actions or route.has_format_suffix:
            continue
        kwargs = {name: world.account.pk if name == "pk" else "1" for name in route.kwargs}
        if "name" in kwargs:
            kwargs["name"] = "hold"
        assert client.delete(reverse(route.name, kwargs=kwargs)).status_code == 405, route.name
