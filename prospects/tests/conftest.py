import pytest

from prospects.tests.factories import ProspectFactory


@pytest.fixture
def prospect(rep):
    """An account owned by ``rep``; the same-team ``colleague`` is not assigned."""
    return ProspectFactory(name="华鑫精密机械有限公司", owner=rep)


@pytest.fixture
def assigned(prospect, colleague):
    """``prospect`` with ``colleague`` assigned to it."""
    prospect.colleagues.add(colleague)
    return prospect


@pytest.fixture
def foreign(outsider):
    """An account of the other team."""
    return ProspectFactory(name="Other team's account", owner=outsider)
