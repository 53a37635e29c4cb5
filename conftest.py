"""Fixtures shared by every app's tests: one team's people and an outsider."""

import importlib
import os
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.test import override_settings
from django.utils import translation
from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup
from pytest_django.plugin import blocking_manager_key

from accounts.models import Role
from accounts.tests.factories import TeamFactory, UserFactory
from kam.tests import testdb

TEMPLATE = pytest.StashKey()


def pytest_configure(config):
    # Run in parallel, the test databases are copies of one migrated template.
    started = testdb.start(config)
    if started:
        config.stash[TEMPLATE] = started


def pytest_unconfigure(config):
    if TEMPLATE in config.stash:
        testdb.finish(
            config.stash[TEMPLATE], config.stash[blocking_manager_key].unblock
        )


# The longest tests (a browser walking every page, migrations run back and forth, a
# real `make run`), run first: with `--dist loadfile` the workers then share out
# the short files, and finish together instead of one waiting for the other's last
# long file.
LONGEST_FIRST = (
    "e2e/",
    "notifications/tests/test_move_from_visits.py",
    "kam/tests/test_devserver.py",
    "kam/tests/test_pages_write_nothing.py",
    "kam/tests/test_services_down.py",
    "kam/tests/test_hostile_input.py",
)


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: not item.nodeid.startswith(LONGEST_FIRST))


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's (4.14), but a test process of a parallel run copies the
    template (kam/tests/testdb.py) instead of migrating a database of its own."""
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases

    verbosity = request.config.option.verbose
    keepdb = django_db_keepdb and not django_db_createdb
    if not django_db_use_migrations:
        _disable_migrations()
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    template = None if keepdb else testdb.template()
    with django_db_blocker.unblock():
        if template and set(aliases) <= {"default"}:
            db_cfg = testdb.copy_template(template, connections["default"])
            if serialized_aliases:
                connection = connections["default"]
                connection._test_serialized_contents = (
                    connection.creation.serialize_db_to_string()
                )
        else:
            db_cfg = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases=aliases,
                serialized_aliases=serialized_aliases,
                keepdb=keepdb,
            )
    yield
    if django_db_keepdb:
        return
    with django_db_blocker.unblock():
        try:
            teardown_databases(db_cfg, verbosity=verbosity)
        except Exception as exc:
            request.node.warn(
                pytest.PytestWarning(
                    f"Error when trying to teardown test databases: {exc!r}"
                )
            )


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


# The rows the data migrations make, which a transactional test's flush removes.
DATA_MIGRATIONS = [
    ("devlog.migrations.0002_default_failure_reasons", "add_defaults"),
    ("prospects.migrations.0007_the_scoring_weights_row", "the_weights_row"),
    ("notifications.migrations.0002_names_and_settings_row", "the_settings_row"),
    ("visits.migrations.0011_the_check_in_settings_row", "the_settings_row"),
]


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    return "transactional_db" in getattr(item, "fixturenames", ()) or bool(
        marker and marker.kwargs.get("transaction")
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (a real worker, the browser) empties every table when it
    ends. Run in parallel, a worker's next test may come after one: put back the
    rows the data migrations made, as every real installation has them."""
    try:
        return (yield)
    finally:
        # Even when a teardown failed (a journey's guard saw a failed request):
        # else every later test of the worker would start without these rows.
        # After the session's last test the test database is gone: nothing to put back.
        if _is_transactional(item) and nextitem is not None:
            with item.config.stash[blocking_manager_key].unblock():
                for module, function in DATA_MIGRATIONS:
                    getattr(importlib.import_module(module), function)(
                        django_apps, None
                    )


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
def broker_down():
    """The Celery broker cannot be reached: nothing listens where it is said to be."""
    from kam.celery import app

    def fresh_connections():
        app._pool = None
        app.amqp._producer_pool = None

    # Tasks are sent over the write connection (the URL from settings wins over
    # a changed broker_url).
    configured = app.conf.broker_write_url
    app.conf.broker_write_url = "redis://127.0.0.1:1/0"
    fresh_connections()
    yield
    app.conf.broker_write_url = configured
    fresh_connections()


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
def _a_cache_of_its_own():
    """Run in parallel on one Redis, each test process keeps its cache in a database
    of its own (the next after the one configured), so that emptying it between
    tests never empties another's."""
    from django.conf import settings

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    config = settings.CACHES["default"]
    if not worker.startswith("gw") or not config["BACKEND"].endswith("RedisCache"):
        yield
        return
    base, _slash, db = config["LOCATION"].rpartition("/")
    location = f"{base}/{int(db or 0) + int(worker.removeprefix('gw'))}"
    with override_settings(CACHES={"default": {**config, "LOCATION": location}}):
        yield


@pytest.fixture(autouse=True, scope="session")
def _broker_outside_var(tmp_path_factory):
    """The embedded broker's files go to a temporary folder, not the developer's
    var/, where a running `make run` worker would pick the test tasks up."""
    from django.conf import settings

    from kam.celery import app

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        # Each test process sends to, and its workers consume, a queue of its own.
        app.conf.task_default_queue = f"kam-test-{worker}"
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
