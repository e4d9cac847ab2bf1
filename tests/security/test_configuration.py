"""reliability.md 1-3 and 8: deployment settings, security headers, cookies, passwords."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV_OVERRIDES = (
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "STATIC_MANIFEST",
    "DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def production_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV_OVERRIDES}
    env.update(
        DJANGO_SETTINGS_MODULE="agency.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="agency.example.com",
        DEBUG="false",
        **extra,
    )
    return env


def test_check_deploy_passes_with_production_settings():
    """Production settings: `check --deploy --fail-level WARNING` exits 0, nothing silenced."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 silenced" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = production_env()
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


ANONYMOUS_PAGES = ["/healthz", "/admin/login/", "/api/me/", "/api/schema/"]


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_every_page_sends_the_security_headers_anonymous(client, path):
    response = client.get(path, secure=True)
    assert_security_headers(response)


@pytest.mark.parametrize("path", ["/api/me/", "/api/docs/", "/admin/", "/api/accounts/"])
def test_every_page_sends_the_security_headers_logged_in(client, admin_user, path):
    client.force_login(admin_user)
    response = client.get(path, secure=True)
    assert response.status_code == 200
    assert_security_headers(response)


def assert_security_headers(response):
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    for directive in (
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "script-src 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_api_docs_have_no_inline_script(client, admin_user):
    client.force_login(admin_user)
    html = client.get("/api/docs/").content.decode()
    assert "<script>" not in html.replace(" ", "")
    assert "<script src=" in html


def test_session_and_csrf_cookies_are_secure_httponly_lax(client, settings, ae):
    """Given production cookie settings, logging in sets Secure, HttpOnly, SameSite=Lax."""
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    ae.is_staff = True
    ae.save()
    client.get("/admin/login/", secure=True)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": ae.username, "password": "pass-word-123"},
        secure=True,
    )
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    csrf = client.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"


@pytest.mark.parametrize(
    "password, accepted",
    [
        ("short7!", False),  # under 8 characters
        ("password123", False),  # common
        ("12345678901234", False),  # numeric
        ("correct horse battery staple", True),
        ("Ü" + "x9-" * 22, True),  # 67 characters
    ],
)
def test_password_policy(password, accepted, ae):
    if accepted:
        validate_password(password, ae)
    else:
        with pytest.raises(ValidationError):
            validate_password(password, ae)
