"""reliability.md 9: every route × role × method answers what access_matrix.py says."""

import json
import os

import pytest
from django.urls import reverse

from .access_matrix import ADMIN_OPEN, MATRIX, Row
from .calls import answer, client_for
from .routes import all_routes
from .world import ROLES

pytestmark = pytest.mark.django_db

RECORD = os.environ.get("ACCESS_MATRIX_RECORD")  # a file: write what each row got, to review


@pytest.fixture(autouse=True)
def no_pdf_rendering(monkeypatch):
    """Access is what this module checks: PDFs are rendered (slowly) in test_pdf."""
    monkeypatch.setattr("agency.pdf.write_pdf", lambda html, **kwargs: b"%PDF-1.7 stub")


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
    login (a client contact's login is refused before: 403); the administrator gets each
    model's list."""
    client = client_for(world.user(role))
    for route in all_routes():
        if not route.is_admin or not route.name or route.name in ADMIN_OPEN:
            continue
        kwargs = {name: _admin_kwarg(name) for name in route.kwargs}
        response = client.get(reverse(route.name, kwargs=kwargs))
        if role == "client":
            assert response.status_code == 403, (route.name, response.status_code)
            continue
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
