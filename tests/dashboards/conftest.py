import pytest

from .books import write_books


@pytest.fixture
def books(monkeypatch, ad, ae, other_ae, finance, creative):
    """The fixed agency of tests/dashboards/books.py (`ad` directs `ae`)."""
    return write_books(monkeypatch, ae=ae, other_ae=other_ae, finance=finance, creative=creative)


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login
