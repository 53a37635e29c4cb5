"""KAM settings: one module, read from the environment.

Development needs no environment at all. Production sets DJANGO_DEBUG=0 and must then
provide DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS, or the process refuses to start.
"""

import os
import zoneinfo
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kam.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
# Runtime state of a development install: database, embedded broker, mail, uploads.
VAR_DIR = Path(env_str("KAM_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", default=True)

SECRET_KEY = env_str("DJANGO_SECRET_KEY", required=not DEBUG) or (
    "django-insecure-development-only-key-never-use-in-production"
)
if not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be a random string of at least 50 characters."
    )

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS",
    default=["localhost", "127.0.0.1", "[::1]", "testserver"],
    required=not DEBUG,
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "csp",
    "axes",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    # Our apps, in the order their demo data builds on each other.
    "kam",
    "accounts",
    "prospects",
    "visits",
    "devlog",
    "notifications",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the body or the database: NUL, over-long, too large.
    "kam.middleware.HostileRequestMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A create form sent twice is led to what its first sending saved.
    "kam.once.OnceMiddleware",
    # Last, as django-axes requires: it answers locked-out sign-ins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kam.urls"
FORM_RENDERER = "kam.renderers.FastRenderer"
WSGI_APPLICATION = "kam.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kam.navigation.navigation",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]


def _database(url):
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not usable: {exc}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["ENGINE"] = "kam.sqlite3"  # Django's, with fresh planner statistics
        # Web, worker and beat share one file: wait for locks instead of failing,
        # and take the write lock up front so transactions never deadlock on upgrade.
        # Connections are kept as on PostgreSQL: a new one reads the whole schema
        # on its first query, a millisecond of every page.
        config["OPTIONS"] = {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        # A file, not memory, so that tests can run a real Celery worker process
        # against the test database; one per test process.
        config["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
    return config


if env_str("DATABASE_URL") is None:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": _database(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kam.sqlite3'}"),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
# Redis shared by every web and worker process (production), or this process's memory.
KAM_CACHE_URL = env_str("KAM_CACHE_URL", "")
if KAM_CACHE_URL and KAM_CACHE_URL.partition("://")[0] not in ("redis", "rediss"):
    raise ImproperlyConfigured(
        f"KAM_CACHE_URL={KAM_CACHE_URL!r}: use redis://host:port/db (or leave it empty)."
    )
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": KAM_CACHE_URL,
        "KEY_PREFIX": "kam",
        # A hung Redis must not hang a request: callers log the failure and go on.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    if KAM_CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the user with their team and unread count.
    "kam.auth.SignedInBackend",
]
# Repeated failed sign-ins lock the username, not the address: colleagues behind
# the office's one public IP keep signing in.
AXES_FAILURE_LIMIT = env_int("KAM_LOGIN_ATTEMPTS", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(
    minutes=env_int("KAM_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
SILENCED_SYSTEM_CHECKS = [
    # axes.W006 asks to lock by address too; we lock by username on purpose, so that
    # one colleague's typos do not lock out the whole office behind its one address.
    # Guessing across many usernames is for the reverse proxy's rate limit.
    "axes.W006",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A working day: a phone left in a taxi should not stay signed in for weeks.
SESSION_COOKIE_AGE = env_int("KAM_SESSION_HOURS", 12, minimum=1) * 3600
# Django's database sessions, the row read without the ORM (kam/sessions.py).
SESSION_ENGINE = "kam.sessions"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["kam.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
if TIME_ZONE not in zoneinfo.available_timezones():
    raise ImproperlyConfigured(f"TIME_ZONE={TIME_ZONE!r} is not a known time zone.")

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("KAM_MEDIA_ROOT", str(VAR_DIR / "media")))
# Attachments (visit sales materials). A reverse proxy in front should refuse bodies
# much larger than this too (nginx: client_max_body_size).
KAM_MAX_UPLOAD_BYTES = env_int("KAM_MAX_UPLOAD_MB", 10, minimum=1) * 1024 * 1024
# Imports (prospects.imports): larger files or more rows are refused with a message;
# files of more rows than KAM_IMPORT_BACKGROUND_ROWS are checked and imported by the
# worker, with a progress bar on the page.
KAM_IMPORT_MAX_MB = env_int("KAM_IMPORT_MAX_MB", 10, minimum=1)
KAM_IMPORT_MAX_ROWS = env_int("KAM_IMPORT_MAX_ROWS", 20000, minimum=1)
KAM_IMPORT_BACKGROUND_ROWS = env_int("KAM_IMPORT_BACKGROUND_ROWS", 500, minimum=1)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Development (and the test suite) serve static files straight from static/.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail -----------------------------------------------------------------
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "console")
EMAIL_BACKEND = _EMAIL_BACKENDS.get(EMAIL_BACKEND, EMAIL_BACKEND)
if "." not in EMAIL_BACKEND:
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND={EMAIL_BACKEND!r}: use {sorted(_EMAIL_BACKENDS)} or a dotted path."
    )
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "KAM <kam@localhost>")
# Where `make run` serves (kam/devserver.py), and where users reach KAM, for links in
# e-mails and chat messages: by default the address `make run` serves on.
KAM_DEV_ADDRESS = env_str("KAM_DEV_ADDRESS", "127.0.0.1:8000")
KAM_BASE_URL = env_str("KAM_BASE_URL", f"http://{KAM_DEV_ADDRESS}")
# Our own company's name, as it signs letters to customers.
KAM_COMPANY_NAME = env_str("KAM_COMPANY_NAME", "KAM Demo Co., Ltd.")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -----------------------------------------------------------------
_BROKER_SCHEMES = ("filesystem", "redis", "rediss", "amqp", "pyamqp", "memory")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.partition("://")[0] not in _BROKER_SCHEMES:
    raise ImproperlyConfigured(
        f"CELERY_BROKER_URL={CELERY_BROKER_URL!r}: the scheme must be one of "
        f"{', '.join(_BROKER_SCHEMES)}."
    )
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The embedded broker of `make run`: messages are files under var/broker.
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
    }
    for _folder in ("queue", "control", "processed"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
_SCAN_SECONDS = env_int("KAM_REMINDER_SCAN_SECONDS", 120, minimum=10)
CELERY_BEAT_SCHEDULE = {
    "dispatch-reminders": {
        "task": "notifications.tasks.dispatch_reminders",
        "schedule": _SCAN_SECONDS,
    },
    # Webhook deliveries due again (a retry after backoff, a task the broker lost).
    "dispatch-webhooks": {
        "task": "notifications.tasks.dispatch_webhooks",
        "schedule": _SCAN_SECONDS,
    },
    # Work whose task the broker may never have received, found again in the database.
    "rescore-after-new-weights": {
        "task": "prospects.tasks.rescore_if_weights_changed",
        "schedule": _SCAN_SECONDS,
    },
}
# How long a worker may hold a reminder e-mail before another may take it over.
KAM_REMINDER_LEASE_SECONDS = env_int("KAM_REMINDER_LEASE_SECONDS", 300, minimum=1)
# Hosts a team's chat robot (or any outgoing webhook) may be posted to: https only,
# plain http for a loopback host listed here (a local receiver). See
# docs/chat-robots.md.
# Development also allows 127.0.0.1, where the demo's robots point at nothing.
KAM_WEBHOOK_HOSTS = env_list(
    "KAM_WEBHOOK_HOSTS",
    default=[
        "qyapi.weixin.qq.com",
        "oapi.dingtalk.com",
        "open.feishu.cn",
        *(["127.0.0.1"] if DEBUG else []),
    ],
)
KAM_WEBHOOK_HOSTS = [host.lower() for host in KAM_WEBHOOK_HOSTS]
for _host in KAM_WEBHOOK_HOSTS:
    if not _host.replace(".", "").replace("-", "").replace(":", "").isalnum():
        raise ImproperlyConfigured(
            f"KAM_WEBHOOK_HOSTS: {_host!r} is not a host name; list names such as "
            "oapi.dingtalk.com, without a scheme or a path."
        )
# A robot that has not answered by then is retried later; e-mail never waits for it.
KAM_WEBHOOK_TIMEOUT_SECONDS = env_int("KAM_WEBHOOK_TIMEOUT_SECONDS", 10, minimum=1)

# --- REST API (/api/v1/, docs/api.md) ------------------------------------------
# Requests one personal token (or one signed-in user, in the docs) may make.
KAM_API_RATE = env_str("KAM_API_RATE", "600/min")
if KAM_API_RATE.partition("/")[2] not in (
    "s",
    "sec",
    "m",
    "min",
    "h",
    "hour",
    "d",
    "day",
):
    raise ImproperlyConfigured(
        f"KAM_API_RATE={KAM_API_RATE!r}: write it as a count per time, e.g. 600/min."
    )
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        # The browsable docs, for someone signed in to KAM.
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["kam.api.throttles.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": KAM_API_RATE},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "kam.api.pagination.Pages",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "kam.api.errors.handle",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "KAM API",
    "DESCRIPTION": "Key accounts and their development, for ERP, BI and scripts. "
    "Authenticate with `Authorization: Token <personal API token>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # The docs page's assets are ours (static/vendor/swagger-ui, kam.api.docs).
    # No deep links: Swagger UI puts each one inside the operation's button, a link
    # in a button that keyboards and screen readers cannot tell apart (WCAG 4.1.2).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    # Choice sets that share a field name across records, each named once.
    "ENUM_NAME_OVERRIDES": {
        "AccountSizeEnum": "prospects.models.Prospect.Size",
        "CompetitorRiskEnum": "prospects.models.Competitor.Risk",
        "ContactPurchaseRoleEnum": "prospects.models.Contact.PurchaseRole",
        "ProgressEnum": "prospects.models.Progress",
        "AttitudeEnum": "prospects.models.Attitude",
        "ContactStanceEnum": "prospects.models.relationship.Stance",
        "VisitMethodEnum": "visits.models.Visit.Method",
        "FollowUpMethodEnum": "visits.models.FollowUp.Method",
        "EntryMethodEnum": "devlog.models.DevelopmentEntry.Method",
        "OutcomeResultEnum": "devlog.models.Outcome.Result",
    },
}

# Outgoing webhooks (docs/api.md): tries before a delivery is recorded as failed,
# and deliveries per minute to one endpoint.
KAM_WEBHOOK_ATTEMPTS = env_int("KAM_WEBHOOK_ATTEMPTS", 8, minimum=1)
KAM_WEBHOOK_RATE_PER_MINUTE = env_int("KAM_WEBHOOK_RATE_PER_MINUTE", 120, minimum=1)

# --- Security ---------------------------------------------------------------
# Behind TLS (the production default) cookies are secure and browsers pinned to HTTPS.
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int(
    "DJANGO_HSTS_SECONDS", 31536000 if HTTPS else 0, minimum=0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Everything comes from our own origin; no inline script anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Bootstrap draws a few icons (the menu button, form checks) as data: SVG.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # The installable app: its manifest and service worker are ours too.
        "manifest-src": ["'self'"],
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("KAM_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint narrates every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
