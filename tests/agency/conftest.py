import pytest


@pytest.fixture(autouse=True)
def _broker_taken_as_up():
    """A test that breaks the broker must not make the next tests skip publishing."""
    from agency.reminders.events import broker_breaker

    broker_breaker.reset()
    yield
    broker_breaker.reset()
