import pytest

from accounts.models import Role
from accounts.tests.factories import UserFactory
from prospects.tests.factories import ProspectFactory


@pytest.fixture
def assigned(team):
    """A rep of the team assigned to ``prospect`` (the ``colleague`` is not)."""
    return UserFactory(username="assigned", team=team, role=Role.REP)


@pytest.fixture
def prospect(rep, assigned):
    """An account owned by ``rep``, worked with ``assigned``."""
    return ProspectFactory(
        name="华鑫精密机械 Huaxin Precision", owner=rep, colleagues=[assigned]
    )
