"""The access checks share one fixed world per module (tests/security/world.py)."""

from .world import world  # noqa: F401 - the fixture
