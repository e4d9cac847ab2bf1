import pytest

from accounts.services import take_transition
from tests.factories import BriefFactory


@pytest.mark.django_db
def test_smoke_transition(account, ae):
    BriefFactory(account=account)
    take_transition(account=account, name="record_brief", by=ae)
    account.refresh_from_db()
    assert account.stage == "briefed"
