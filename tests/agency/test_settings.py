"""Settings from the environment: refuse to start unsafe, secure by default in production.
`check --deploy` and a missing SECRET_KEY: tests/security/test_configuration.py.

Each case imports the settings in a fresh interpreter with only the environment it names
(the suite's own process has tests/settings.py's values).
"""

import json
import re
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50)[:50],
    "ALLOWED_HOSTS": "agency.example.com",
}


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    """`python <args>` in the project with only `env` (and a PATH) in its environment."""
    environment = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "agency.settings",
        "PYTHONPATH": str(BASE_DIR),
        "DATABASE_URL": "sqlite:///:memory:",
        **env,
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_values(names: list[str], **env: str) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = run(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_debug_off_with_a_short_secret_key_refuses_to_start():
    """(Without one at all: tests/security/test_configuration.py.)"""
    env = {"DEBUG": "false", "ALLOWED_HOSTS": "agency.example.com", "SECRET_KEY": "too-short"}

    result = run(["-c", "import django; django.setup()"], **env)

    assert result.returncode != 0
    assert "SECRET_KEY must be set to a random string" in result.stderr


def test_debug_off_without_allowed_hosts_refuses_to_start():
    result = run(["-c", "import django; django.setup()"], DEBUG="false", SECRET_KEY="k" * 50)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_debug_on_starts_with_the_development_defaults():
    values = settings_values(["DEBUG", "SECURE_SSL_REDIRECT", "ALLOWED_HOSTS"], DEBUG="true")

    assert values == {
        "DEBUG": True,
        "SECURE_SSL_REDIRECT": False,
        "ALLOWED_HOSTS": ["127.0.0.1", "localhost"],
    }


def test_production_turns_the_security_settings_on():
    values = settings_values(
        [
            "SECURE_SSL_REDIRECT",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SESSION_COOKIE_HTTPONLY",
            "SECURE_CONTENT_TYPE_NOSNIFF",
            "X_FRAME_OPTIONS",
            "SECURE_REFERRER_POLICY",
        ],
        **PRODUCTION,
    )

    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_REFERRER_POLICY": "same-origin",
    }


def test_env_example_lists_every_variable_the_settings_read():
    settings_source = (BASE_DIR / "agency/settings.py").read_text()
    read = set(re.findall(r'env\.\w+\(\s*"([A-Z][A-Z0-9_]*)"', settings_source))
    example = (BASE_DIR / ".env.example").read_text()
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", example, flags=re.MULTILINE))

    assert read, 'no env.<type>("NAME") calls found in settings.py'
    assert read - listed == set()
    assert listed - read == set()
