"""api.md's conventions: token and session auth, 401 for anonymous, /api/me/, errors in JSON,
the OpenAPI schema and its browsable docs."""

import pytest
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    return APIClient()


# --- Token ------------------------------------------------------------------------------------
def test_a_token_is_exchanged_for_good_credentials_and_opens_the_api(ae, anonymous):
    # when the AE asks for a token with their password
    response = anonymous.post(
        "/api/auth/token/", {"username": "t_ae", "password": "pass-word-123"}, format="json"
    )

    # then 200 {"token"}, and the token authenticates later requests
    assert response.status_code == 200
    assert set(response.json()) == {"token"}
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = client.get("/api/me/")
    assert me.status_code == 200
    assert me.json()["username"] == "t_ae"


def test_asking_twice_gives_the_same_token(ae, anonymous):
    body = {"username": "t_ae", "password": "pass-word-123"}
    first = anonymous.post("/api/auth/token/", body, format="json").json()["token"]
    assert anonymous.post("/api/auth/token/", body, format="json").json()["token"] == first


@pytest.mark.parametrize(
    "body",
    [
        {"username": "t_ae", "password": "wrong-password"},
        {"username": "nobody", "password": "pass-word-123"},
        {"username": "t_ae"},
        {},
    ],
)
def test_bad_credentials_are_400(body, ae, anonymous):
    response = anonymous.post("/api/auth/token/", body, format="json")
    assert response.status_code == 400
    assert "token" not in response.json()


def test_an_inactive_user_gets_no_token(anonymous):
    UserFactory(username="t_gone", is_active=False)
    response = anonymous.post(
        "/api/auth/token/", {"username": "t_gone", "password": "pass-word-123"}, format="json"
    )
    assert response.status_code == 400


def test_a_wrong_token_is_401(ae):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/me/")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_the_browser_session_works_too(ae):
    client = APIClient()
    client.force_login(ae)
    assert client.get("/api/me/").json()["username"] == "t_ae"


def test_a_session_post_needs_the_csrf_token(account, ae):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(ae)
    response = client.post(
        f"/api/accounts/{account.pk}/transitions/hold/", {"note": "x"}, format="json"
    )
    assert response.status_code == 403
    account.refresh_from_db()
    assert account.stage == "first_contact"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/me/"),
        ("get", "/api/accounts/"),
        ("post", "/api/accounts/"),
        ("get", "/api/accounts/{account}/"),
        ("get", "/api/accounts/{account}/transitions/"),
        ("get", "/api/accounts/{account}/history/"),
        ("get", "/api/accounts/{account}/brief/"),
        ("get", "/api/accounts/{account}/team/"),
        ("get", "/api/clients/"),
        ("get", "/api/contacts/"),
    ],
)
def test_anonymous_requests_are_401(method, path, account, anonymous):
    response = getattr(anonymous, method)(path.format(account=account.pk))
    assert response.status_code == 401
    assert response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Token")


# --- /api/me/ ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("persona", "role", "department", "level"),
    [
        ("ae", "ae", "account", "senior_ae"),
        ("ad", "ad", "account", "account_director"),
        ("creative", "staff", "creative", ""),
        ("finance", "finance", "finance", ""),
        ("admin_user", "admin", "", ""),
    ],
)
def test_me_describes_the_user(persona, role, department, level, request, api):
    user = request.getfixturevalue(persona)
    user.language = "zh-hans"
    user.save()

    body = api(user).get("/api/me/").json()

    assert {k: body[k] for k in ("id", "username", "role", "department", "level", "language")} == {
        "id": user.pk,
        "username": user.username,
        "role": role,
        "department": department,
        "level": level,
        "language": "zh-hans",
    }
    assert "password" not in body


def test_me_is_read_only(ae, api):
    response = api(ae).patch("/api/me/", {"level": "account_director"}, format="json")
    assert response.status_code == 405
    ae.refresh_from_db()
    assert ae.level == "senior_ae"


# --- Errors are JSON --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/nothing-here/"),
        ("post", "/api/accounts/{account}/transitions/Record-Brief/"),
        ("get", "/api/accounts/999999/"),
        ("get", "/api/accounts/999999/brief/"),
    ],
)
def test_not_found_is_json(method, path, account, ae, api):
    response = getattr(api(ae), method)(path.format(account=account.pk))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail"}


def test_a_get_without_its_trailing_slash_is_redirected(ae, api):
    response = api(ae).get("/api/accounts?stage=planning")
    assert response.status_code == 301
    assert response["Location"] == "/api/accounts/?stage=planning"


def test_a_token_client_posting_to_a_wrong_url_gets_a_json_404(ae):
    from rest_framework.authtoken.models import Token

    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=ae).key}")
    response = client.post("/api/accounts/1/transitions/hold", {"note": "x"}, format="json")
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


# --- Schema -----------------------------------------------------------------------------------
def test_the_schema_is_valid_openapi_3_describing_the_core_endpoints(ae, api):
    response = api(ae).get("/api/schema/?format=json")

    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)  # raises on an invalid document
    assert schema["openapi"].startswith("3.")
    for path in [
        "/api/accounts/",
        "/api/accounts/{id}/",
        "/api/accounts/{id}/transitions/",
        "/api/accounts/{id}/transitions/{name}/",
        "/api/accounts/{id}/history/",
        "/api/accounts/{account_id}/brief/",
        "/api/accounts/{account_id}/team/",
        "/api/accounts/{account_id}/team/{member_id}/",
        "/api/clients/",
        "/api/contacts/",
        "/api/me/",
        "/api/auth/token/",
    ]:
        assert path in schema["paths"], path
    assert "delete" not in schema["paths"]["/api/accounts/{id}/"]
    assert set(schema["components"]["securitySchemes"]) == {"cookieAuth", "tokenAuth"}


def test_the_docs_render_for_a_logged_in_user(ae):
    client = APIClient()
    client.force_login(ae)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()
