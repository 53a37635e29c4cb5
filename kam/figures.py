"""The version of a team's dashboard figures: the cache key they are kept under.

The team dashboard aggregates thousands of rows, so its figures are cached. The
services that move those figures (an account saved, a visit recorded, an outcome …)
call ``figures_changed(team_id)``; once their transaction commits, the team's
version moves on and the next dashboard is computed afresh. A cache that cannot be
reached never fails the write, and the dashboard then computes its figures.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

EVERY_TEAM = "all"  # an administrator's dashboard counts every team


def _key(scope):
    return f"kam:figures-version:{scope}"


class FiguresChanged:
    """The on-commit callback that moves a team's version (and every team's) on."""

    def __init__(self, team_id):
        self.team_id = team_id

    def __call__(self):
        try:
            cache.set_many(
                {
                    _key(self.team_id): secrets.token_hex(8),
                    _key(EVERY_TEAM): secrets.token_hex(8),
                },
                None,
            )
        except Exception:
            logger.exception(
                "Could not retire the cached figures of team %s", self.team_id
            )


def figures_changed(team_id):
    """Call inside the write: the team's figures are stale once it commits."""
    transaction.on_commit(FiguresChanged(team_id))


def figures_version(scope):
    """The current version of ``scope`` (a team id, or EVERY_TEAM)."""
    key = _key(scope)
    version = cache.get(key)
    if version is None:
        cache.add(key, secrets.token_hex(8), None)
        version = cache.get(key)
    return version
