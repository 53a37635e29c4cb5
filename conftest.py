"""Fixtures shared by every app's tests: one team's people and an outsider."""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import translation

from accounts.models import Role
from accounts.tests.factories import TeamFactory, UserFactory


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "en"
    yield
    # A request in Chinese leaves Chinese active in the thread, and cached figures
    # would leak into the next test: start each test afresh.
    translation.activate("en")
    cache.clear()


@pytest.fixture
def cache_down():
    """The shared cache cannot be reached: nothing listens where it is said to be."""
    dead = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
    with override_settings(CACHES={"default": dead}):
        yield


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


@pytest.fixture(autouse=True, scope="session")
def _broker_outside_var(tmp_path_factory):
    """The embedded broker's files go to a temporary folder, not the developer's
    var/, where a running `make run` worker would pick the test tasks up."""
    from django.conf import settings

    from kam.celery import app

    if not app.conf.broker_url.startswith("filesystem://"):
        app.control.purge()  # tasks a previous run published and nobody consumed
        return None
    var = tmp_path_factory.mktemp("var")
    options = {}
    for key, value in settings.CELERY_BROKER_TRANSPORT_OPTIONS.items():
        if isinstance(value, str) and value.startswith(str(settings.VAR_DIR)):
            value = str(var / Path(value).relative_to(settings.VAR_DIR))
            Path(value).mkdir(parents=True, exist_ok=True)
        options[key] = value
    app.conf.broker_transport_options = options
    return var
