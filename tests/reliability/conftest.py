from tests.security.world import world  # noqa: F401 - the shared world, one per module
