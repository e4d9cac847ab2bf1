"""Reads of campaign work, one module per subject."""

from .brief_team import brief_of, team_of

__all__ = ["brief_of", "team_of"]
