"""Settings come from the environment; a value we cannot use stops start-up."""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from kam.env import env_bool, env_int, env_list, env_str

SETTINGS = Path(__file__).resolve().parents[1] / "settings.py"
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "kam.example.com, www.kam.example.com",
}
ALL_NAMES = [
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_HTTPS",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "EMAIL_BACKEND",
    "EMAIL_FILE_PATH",
    "TIME_ZONE",
    "KAM_CACHE_URL",
    "KAM_DEV_ADDRESS",
    "KAM_BASE_URL",
]


@pytest.fixture
def load(monkeypatch, tmp_path):
    """Evaluate kam/settings.py afresh under the given environment."""

    def _load(**env):
        for name in ALL_NAMES:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("KAM_VAR_DIR", str(tmp_path / "var"))
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS))

    return _load


@pytest.mark.parametrize("value", ["1", "true", "YES", "on", " True "])
def test_env_bool_reads_true(monkeypatch, value):
    monkeypatch.setenv("FLAG", value)
    assert env_bool("FLAG", default=False) is True


@pytest.mark.parametrize("value", ["0", "false", "No", "off"])
def test_env_bool_reads_false(monkeypatch, value):
    monkeypatch.setenv("FLAG", value)
    assert env_bool("FLAG", default=True) is False


def test_env_bool_refuses_a_typo(monkeypatch):
    monkeypatch.setenv("FLAG", "flase")
    with pytest.raises(ImproperlyConfigured, match="FLAG='flase' is not a boolean"):
        env_bool("FLAG", default=False)


def test_env_bool_uses_the_default_when_unset_or_blank(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert env_bool("FLAG", default=True) is True
    monkeypatch.setenv("FLAG", "  ")
    assert env_bool("FLAG", default=False) is False


def test_env_int_refuses_non_numbers_and_values_below_minimum(monkeypatch):
    monkeypatch.setenv("N", "ten")
    with pytest.raises(ImproperlyConfigured, match="not an integer"):
        env_int("N", 1)
    monkeypatch.setenv("N", "-1")
    with pytest.raises(ImproperlyConfigured, match="below the minimum 0"):
        env_int("N", 1, minimum=0)
    monkeypatch.setenv("N", "42")
    assert env_int("N", 1, minimum=0) == 42


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example.com, ,b.example.com,")
    assert env_list("HOSTS") == ["a.example.com", "b.example.com"]


def test_env_str_required_names_the_variable(monkeypatch):
    monkeypatch.delenv("NEEDED", raising=False)
    with pytest.raises(ImproperlyConfigured, match="NEEDED must be set"):
        env_str("NEEDED", required=True)


def test_development_needs_no_environment(load, tmp_path):
    settings = load()
    assert settings["DEBUG"] is True
    assert settings["DATABASES"]["default"]["ENGINE"] == "kam.sqlite3"
    assert settings["DATABASES"]["default"]["NAME"] == str(
        tmp_path / "var" / "kam.sqlite3"
    )
    assert settings["CELERY_BROKER_URL"] == "filesystem://"
    assert settings["CELERY_BROKER_TRANSPORT_OPTIONS"]["data_folder_in"] == str(
        tmp_path / "var" / "broker" / "queue"
    )
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert settings["TIME_ZONE"] == "Asia/Shanghai"
    assert settings["USE_TZ"] is True
    assert settings["SECURE_SSL_REDIRECT"] is False


def test_production_refuses_to_start_without_a_secret_key(load):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY must be set"):
        load(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="kam.example.com")


def test_production_refuses_a_short_or_development_secret_key(load):
    with pytest.raises(ImproperlyConfigured, match="at least 50 characters"):
        load(**{**PRODUCTION, "DJANGO_SECRET_KEY": "short"})


def test_production_refuses_to_start_without_allowed_hosts(load):
    env = {**PRODUCTION}
    del env["DJANGO_ALLOWED_HOSTS"]
    with pytest.raises(ImproperlyConfigured, match="DJANGO_ALLOWED_HOSTS must be set"):
        load(**env)


def test_production_is_locked_down_behind_tls(load):
    settings = load(**PRODUCTION)
    assert settings["DEBUG"] is False
    assert settings["ALLOWED_HOSTS"] == ["kam.example.com", "www.kam.example.com"]
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SECURE_HSTS_SECONDS"] == 31536000
    assert (
        settings["STORAGES"]["staticfiles"]["BACKEND"]
        == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_production_can_run_on_plain_http_for_a_local_benchmark(load):
    settings = load(**PRODUCTION, DJANGO_HTTPS="0")
    assert settings["SECURE_SSL_REDIRECT"] is False
    assert settings["SECURE_HSTS_SECONDS"] == 0


def test_a_typo_in_debug_stops_start_up(load):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG='flase'"):
        load(DJANGO_DEBUG="flase")


def test_database_url_points_at_postgresql(load):
    settings = load(DATABASE_URL="postgres://postgres@127.0.0.1:5432/kam")
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "127.0.0.1",
        5432,
        "kam",
    )


def test_an_unknown_database_scheme_stops_start_up(load):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL is not usable"):
        load(DATABASE_URL="oracle-ish://db/kam")


def test_redis_broker_has_no_filesystem_options(load):
    settings = load(CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
    assert settings["CELERY_BROKER_URL"] == "redis://127.0.0.1:6379/0"
    assert "CELERY_BROKER_TRANSPORT_OPTIONS" not in settings


def test_an_unknown_broker_scheme_stops_start_up(load):
    with pytest.raises(ImproperlyConfigured, match="CELERY_BROKER_URL='kafka://x'"):
        load(CELERY_BROKER_URL="kafka://x")


def test_email_backend_takes_a_short_name_or_a_dotted_path(load, tmp_path):
    settings = load(EMAIL_BACKEND="file", EMAIL_FILE_PATH=str(tmp_path / "mail"))
    assert (
        settings["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    )
    assert settings["EMAIL_FILE_PATH"] == str(tmp_path / "mail")
    settings = load(EMAIL_BACKEND="myproject.mail.Backend")
    assert settings["EMAIL_BACKEND"] == "myproject.mail.Backend"
    with pytest.raises(ImproperlyConfigured, match="EMAIL_BACKEND='carrier-pigeon'"):
        load(EMAIL_BACKEND="carrier-pigeon")


def test_time_zone_is_validated(load):
    assert load(TIME_ZONE="Europe/Berlin")["TIME_ZONE"] == "Europe/Berlin"
    with pytest.raises(ImproperlyConfigured, match="not a known time zone"):
        load(TIME_ZONE="Mars/Olympus_Mons")


def test_without_a_shared_cache_each_process_keeps_its_own(load):
    settings = load()
    assert settings["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")


def test_redis_as_the_shared_cache_answers_or_gives_up_within_a_second(load):
    settings = load(KAM_CACHE_URL="redis://redis:6379/1")
    cache = settings["CACHES"]["default"]
    assert cache["BACKEND"].endswith("RedisCache")
    assert cache["LOCATION"] == "redis://redis:6379/1"
    # A hung Redis must not hang a request: every call gives up and is logged.
    assert cache["OPTIONS"]["socket_connect_timeout"] <= 1
    assert cache["OPTIONS"]["socket_timeout"] <= 1


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"KAM_CACHE_URL": "memcached://m:11211"}, "KAM_CACHE_URL='memcached"),
    ],
)
def test_a_cache_setting_it_cannot_use_stops_start_up(load, env, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        load(**env)


def test_links_in_messages_follow_the_address_make_run_serves_on(load):
    assert load()["KAM_BASE_URL"] == "http://127.0.0.1:8000"
    moved = load(KAM_DEV_ADDRESS="192.168.1.20:8080")
    assert moved["KAM_DEV_ADDRESS"] == "192.168.1.20:8080"
    assert moved["KAM_BASE_URL"] == "http://192.168.1.20:8080"
    both = load(KAM_DEV_ADDRESS="0.0.0.0:8000", KAM_BASE_URL="https://kam.example.com")
    assert both["KAM_BASE_URL"] == "https://kam.example.com"
