import pytest

from accounts.models import Role
from accounts.tests.factories import UserFactory
from visits.tests.factories import ProspectFactory


@pytest.fixture
def prospect(rep):
    """An account owned by ``rep``; the same-team ``colleague`` is not assigned."""
    return ProspectFactory(name="华鑫精密机械 Huaxin Precision", owner=rep)


@pytest.fixture
def assigned(team, prospect):
    """A rep of the team assigned to ``prospect``."""
    user = UserFactory(username="assigned", team=team, role=Role.REP)
    prospect.colleagues.add(user)
    return user


@pytest.fixture
def other_supervisor(other_team):
    return UserFactory(
        username="other_supervisor", team=other_team, role=Role.SUPERVISOR
    )
