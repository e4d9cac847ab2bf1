"""Errors a service raises, each with a message a user can read.

The API maps them in one place (agency.api.errors); views turn them into flash messages.
"""


class DomainError(Exception):
    """A business rule refused the operation (HTTP 400)."""

    code = "invalid"

    def __init__(self, message: str, *, reasons: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.reasons = reasons or []


class NotAllowed(DomainError):
    """The user may see the object but not do this (HTTP 403)."""

    code = "permission_denied"


class InvalidTransition(DomainError):
    """The transition does not exist from the object's current state (HTTP 409)."""

    code = "invalid_transition"


class Conflict(DomainError):
    """Someone else changed the object at the same moment (HTTP 409)."""

    code = "conflict"


class GuardUnmet(DomainError):
    """The transition exists and the user may take it, but its conditions are not met (400)."""

    code = "guard_unmet"
