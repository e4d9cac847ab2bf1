import pytest

from accounts.models import Stage
from tests.factories import ContactFactory
from tests.lifecycle import publish_effect_report

from .helpers import advance


@pytest.fixture
def evaluating(account, ae):
    """`ae`'s account (budget 500,000.00) at `evaluating` with its effect report published:
    invoices are all the `invoice` transition still waits for."""
    account = advance(account, to=Stage.EVALUATING, by=ae)
    publish_effect_report(account, ae)
    return account


@pytest.fixture
def client_contact(account):
    return ContactFactory(client=account.client, name="王经理", email="wang@client.test")
