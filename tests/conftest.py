"""Shared fixtures live in tests/fixtures.py; settings in tests/settings.py."""

import pytest
from django.conf import settings
from django.utils import translation

pytest_plugins = ["tests.fixtures"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request in zh-hans activates it for the
    thread, and a service called afterwards would otherwise answer in Chinese."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
