"""/healthz says the process is up; /readyz says whether the database and Redis answer."""

import pytest
from django.db import OperationalError

from agency import health


def test_healthz_answers_without_login(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ready_when_the_database_answers_and_no_redis_is_configured(client, settings):
    settings.REDIS_URL = ""

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ready_with_a_redis_that_answers(client, settings, redis_url):
    settings.REDIS_URL = redis_url

    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_is_unavailable_when_redis_does_not_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert set(response.json()["failed"]) == {"redis"}


class BrokenConnection:
    def cursor(self):
        raise OperationalError("connection refused")


@pytest.mark.django_db
def test_readyz_is_unavailable_when_the_database_does_not_answer(client, settings, monkeypatch):
    settings.REDIS_URL = ""
    monkeypatch.setattr(health, "connection", BrokenConnection())

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failed"] == {"database": "OperationalError"}
