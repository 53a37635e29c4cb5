"""Fixtures shared by every app's tests: one team's people and an outsider."""

import pytest

from accounts.models import Role
from accounts.tests.factories import TeamFactory, UserFactory


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def team(db):
    return TeamFactory(name="Team A")


@pytest.fixture
def other_team(db):
    return TeamFactory(name="Team B")


@pytest.fixture
def rep(team):
    return UserFactory(username="rep", team=team, role=Role.REP)


@pytest.fixture
def colleague(team):
    """A rep of the same team who does not work the rep's accounts."""
    return UserFactory(username="colleague", team=team, role=Role.REP)


@pytest.fixture
def supervisor(team):
    return UserFactory(username="supervisor", team=team, role=Role.SUPERVISOR)


@pytest.fixture
def manager(team):
    return UserFactory(username="manager", team=team, role=Role.MANAGER)


@pytest.fixture
def outsider(other_team):
    return UserFactory(username="outsider", team=other_team, role=Role.REP)


@pytest.fixture
def other_manager(other_team):
    return UserFactory(username="other_manager", team=other_team, role=Role.MANAGER)


@pytest.fixture
def admin_user(db):
    return UserFactory(
        username="admin", team=None, role=Role.ADMIN, is_staff=True, is_superuser=True
    )
