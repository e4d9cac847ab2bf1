"""Calling a route of the access matrix as one role of the world."""

import json
from http.cookies import SimpleCookie

from django.db import transaction
from django.test import Client
from django.urls import reverse

from agency.models import User

from .access_matrix import Row
from .world import World


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
    if row.method == "GET":  # a body is the query string (?account=...)
        return method(url, body or {}, headers=headers)
    if row.route.startswith("api:") and not row.multipart:
        data = json.dumps(body or {})
        return method(url, data, content_type="application/json", headers=headers)
    if row.method == "POST":
        return method(url, body or {}, headers=headers)
    form = "application/x-www-form-urlencoded"
    return method(url, body or {}, content_type=form, headers=headers)


def answer(row: Row, world: World, role: str) -> str:
    """The outcome for one role; whatever the call wrote is rolled back."""
    return answer_with(world.clients[role], row, world)


def answer_with(client: Client, row: Row, world: World) -> str:
    """The outcome for this client; whatever the call wrote is rolled back."""
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
