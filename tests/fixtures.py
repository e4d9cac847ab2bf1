"""Persona fixtures (style.md §19): ae, other_ae, ad, creative, media_planner, finance, admin."""

import pytest
from rest_framework.test import APIClient

from agency.models import Department, Level

from .factories import AccountFactory, AccountGroupFactory, UserFactory


@pytest.fixture
def ad(db):
    return UserFactory(username="t_ad", level=Level.ACCOUNT_DIRECTOR)


@pytest.fixture
def ae(db, ad):
    user = UserFactory(username="t_ae", level=Level.SENIOR_AE)
    AccountGroupFactory(name="Group East", director=ad).members.add(user)
    return user


@pytest.fixture
def other_ae(db):
    """An AE of another group, on none of `ae`'s accounts."""
    user = UserFactory(username="t_other_ae")
    AccountGroupFactory(name="Group West").members.add(user)
    return user


@pytest.fixture
def other_ad(db, other_ae):
    return other_ae.account_groups.get().director


@pytest.fixture
def creative(db):
    return UserFactory(username="t_creative", department=Department.CREATIVE, level="")


@pytest.fixture
def media_planner(db):
    return UserFactory(username="t_media", department=Department.MEDIA, level="")


@pytest.fixture
def finance(db):
    return UserFactory(username="t_finance", department=Department.FINANCE, level="")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="t_admin", department="", level="", is_superuser=True,
                       is_staff=True)


@pytest.fixture
def account(ae):
    """An account of `ae`'s at first contact."""
    return AccountFactory(lead_ae=ae, name="Spring launch 春季新品")


@pytest.fixture
def api():
    """Returns an API client logged in as the given user (or anonymous)."""

    def make(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make
