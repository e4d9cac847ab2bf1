import pytest

from accounts.models import Stage
from tests.factories import ContactFactory

from .helpers import advance


@pytest.fixture
def evaluating(account, ae):
    """`ae`'s account (budget 500,000.00) at `evaluating`: ready to be invoiced."""
    return advance(account, to=Stage.EVALUATING, by=ae)


@pytest.fixture
def client_contact(account):
    return ContactFactory(client=account.client, name="王经理", email="wang@client.test")
