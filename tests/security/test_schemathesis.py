"""reliability.md 16: Schemathesis against the live schema (/api/schema/) for the AE, AD and
finance tokens, in process through the WSGI application, over the shared world.

Every operation of the schema gets generated requests, valid ones and invalid ones, with a
fixed seed and a small number of examples (EXAMPLES) so that the run is bounded. Checks:
no server error (5xx); every response the schema documents conforms to it (body and
content type); an invalid payload is never accepted (negative data → 4xx). Each request runs
in a savepoint that is rolled back, so the world stays as it was.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
)

pytestmark = pytest.mark.django_db

EXAMPLES = 3  # per operation, per mode, per role: about 3 × 2 × 60 × 3 requests
CHECKS = {
    GenerationMode.POSITIVE: [
        not_a_server_error,
        response_schema_conformance,
        content_type_conformance,
    ],
    GenerationMode.NEGATIVE: [not_a_server_error, negative_data_rejection],
}
#: Operations left out, and why.
SKIPPED = {
    "POST /api/auth/token/": "five wrong passwords lock the account out (check 5)",
}


@pytest.fixture(scope="module")
def api_schema(keep_the_test_connection, world):
    return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture(scope="module")
def keep_the_test_connection():
    """The WSGI handler closes the database connection after each request when it finds it
    inside a transaction, as the test's is; Django's own test client unhooks this the same
    way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def no_pdf_rendering(monkeypatch):
    monkeypatch.setattr("agency.pdf.write_pdf", lambda html, **kwargs: b"%PDF-1.7 stub")


def _no_empty_filter(case) -> bool:
    """An empty query parameter (`?status=`) means "any", as the pages' filter bars send it:
    not a request that should be refused."""
    return not any(value in ("", [""]) for value in (case.query or {}).values())


def fuzz(operation, mode, headers) -> list[str]:
    """Run one operation's examples; the failures, as text."""
    failures = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode).filter(_no_empty_filter))
    def run(case):
        with transaction.atomic():
            try:
                response = case.call(headers=headers)
                case.validate_response(response, checks=CHECKS[mode], headers=headers)
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - reported together
                failures.append(f"{operation.label} [{mode.value}]: {str(exc)[:1500]}")
            transaction.set_rollback(True)

    try:
        run()
    except Unsatisfiable:
        pass  # no parameters and no body: there is no invalid request to make
    except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - the (shrunk) failure
        failures.append(f"{operation.label} [{mode.value}]: {str(exc)[:1500]}")
    return failures


@pytest.mark.parametrize("role", ["ae", "ad", "finance"])
def test_the_api_honours_its_schema(role, api_schema, world):
    token = Token.objects.get_or_create(user=world.users[role])[0]
    headers = {"Authorization": f"Token {token.key}"}
    failures, operations = [], 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        if operation.label in SKIPPED:
            continue
        operations += 1
        for mode in CHECKS:
            failures += fuzz(operation, mode, headers)
    assert operations > 40
    assert not failures, "\n\n".join(failures)
