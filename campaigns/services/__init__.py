"""Writes of campaign work, one module per subject."""

from .brief_team import add_team_member, put_on_team, remove_team_member, save_brief

__all__ = ["add_team_member", "put_on_team", "remove_team_member", "save_brief"]
