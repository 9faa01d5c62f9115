"""Steward's one settings module, driven by the environment.

Nothing set: the embedded default (SQLite under var/, in-process wake-ups of live
streams, in-process agent runner, DEBUG for 127.0.0.1 only). DATABASE_URL and REDIS_URL
switch to PostgreSQL, Redis wake-ups across processes, Celery on Redis and a Redis cache.
STEWARD_ENV=production demands SECRET_KEY and ALLOWED_HOSTS. Every variable is
documented in deploy/.env.example.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from steward.access.durations import parse_duration
from steward.audit.keys import DEVELOPMENT_KEYS, HOW_TO_SET, parse_keys
from steward.env import Env
from steward.hosting.discovery import discover_extra_apps, discover_hosted_apps

env = Env()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PLATFORM_DIR = Path(__file__).resolve().parent
# apps/ is a package: take it from where Python imports it (the checkout, or site-packages
# after a plain `pip install .` as in the container image).
_apps_spec = importlib.util.find_spec("apps")
APPS_DIR = Path(_apps_spec.origin).parent if _apps_spec and _apps_spec.origin else BASE_DIR / "apps"
DATA_DIR = env.path("STEWARD_DATA_DIR", BASE_DIR / "var")

STEWARD_ENV = env.choice("STEWARD_ENV", ("development", "production"), "development")
PRODUCTION = STEWARD_ENV == "production"

# --- Core -------------------------------------------------------------------------------

if PRODUCTION:
    SECRET_KEY = env.required(
        "SECRET_KEY",
        "Production needs a long random secret: SECRET_KEY=$(python -c "
        "'import secrets; print(secrets.token_urlsafe(50))')",
    )
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY is too short or too simple for production (50+ characters, 5+ distinct). "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    ALLOWED_HOSTS = env.items("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. Production needs the host names it serves, comma "
            "separated: ALLOWED_HOSTS=steward.example.com"
        )
    if any("/" in host for host in ALLOWED_HOSTS):
        raise ImproperlyConfigured(
            f"ALLOWED_HOSTS={','.join(ALLOWED_HOSTS)!r} holds a URL; it takes bare host names, "
            "comma separated: ALLOWED_HOSTS=steward.example.com (origins with a scheme go in "
            "CSRF_TRUSTED_ORIGINS)."
        )
    DEBUG = env.boolean("DEBUG", False)
else:
    SECRET_KEY = env.string("SECRET_KEY") or "steward-embedded-development-key-not-for-production"
    ALLOWED_HOSTS = env.items("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
    DEBUG = env.boolean("DEBUG", True)

INTERNAL_IPS = ["127.0.0.1"]
CSRF_TRUSTED_ORIGINS = env.items("CSRF_TRUSTED_ORIGINS")
if any("://" not in origin for origin in CSRF_TRUSTED_ORIGINS):
    raise ImproperlyConfigured(
        "CSRF_TRUSTED_ORIGINS takes origins with a scheme, comma separated: "
        "CSRF_TRUSTED_ORIGINS=https://steward.example.com"
    )

# Hosted apps: every app package under apps/, plus those under STEWARD_APPS_DIRS (comma
# separated package folders; each folder's parent goes on sys.path, so the apps in
# /srv/team_apps import as team_apps.<app>).
HOSTED_APPS = discover_hosted_apps(APPS_DIR) + discover_extra_apps(env.items("STEWARD_APPS_DIRS"))

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "channels",
    # The platform's packages, bottom layer first (see platform/steward/DESIGN.md).
    "steward.hosting",
    "steward.changes",
    "steward.access",
    "steward.audit",
    "steward.actions",
    "steward.live",
    "steward.ds",
    "steward.skills",
    "steward.agents",
    "steward.gate",
    "steward.mcp_server",
    "steward.pages",
    *HOSTED_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "steward.metrics.requests.RequestMetricsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "steward.urls"
WSGI_APPLICATION = "steward.wsgi.application"
ASGI_APPLICATION = "steward.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PLATFORM_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "steward.pages.context_processors.hosted_apps",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------

DATABASE_URL = env.url("DATABASE_URL", ("postgres", "postgresql", "sqlite"))
if DATABASE_URL:
    # Under ASGI every request runs in its own thread, so persistent connections (a max age
    # above 0) pile up one per request until PostgreSQL refuses clients ("too many clients"
    # at 8 concurrent callers in bench_actions). Only set CONN_MAX_AGE for WSGI or workers.
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env.integer("CONN_MAX_AGE", 0), conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # Django's own queries stay unprepared (client-side binding); only the live log's
        # append, the hottest statement, is prepared once per connection
        # (steward.live.services._write_one_statement).
        # Behind PgBouncer older than 1.21 in transaction mode, set this to false.
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
            5 if env.boolean("DATABASE_PREPARED_STATEMENTS", True) else None
        )
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "steward.sqlite3"),
            # WAL lets the ASGI process read while a runner thread writes.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
# Test databases carry the test run's process id so parallel runs never collide, and are
# files (never SQLite's in-memory database) so the servers a test starts can open them.
_test_db = env.string("STEWARD_TEST_DB_NAME") or f"test_steward_{os.getpid()}"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"{_test_db}.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": _test_db}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.url("REDIS_URL", ("redis", "rediss", "unix"))

# No CHANNEL_LAYERS: the live layer signals through its own Redis wake-ups (steward.live),
# never through a channel layer, and Channels consumers run without one.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.string("STEWARD_REDIS_PREFIX", "steward"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Durable sessions (live/) ----------------------------------------------------------

STEWARD_REDIS_PREFIX = env.string("STEWARD_REDIS_PREFIX", "steward")
# How often each process's stream hub re-reads the log's tail even without a wake-up: the
# safety net for lost wake-ups (and the only path across processes without Redis).
STEWARD_LIVE_TAIL_CHECK_MS = env.integer(
    "STEWARD_LIVE_TAIL_CHECK_MS", 1000 if REDIS_URL else 150, minimum=10
)
# A client resuming more than this many events behind gets message snapshots, not deltas.
STEWARD_LIVE_COMPACT_AFTER = env.integer("STEWARD_LIVE_COMPACT_AFTER", 500, minimum=1)

# --- Generic Durable Streams (ds/) -----------------------------------------------------

# Opens /ds/ to clients without a token: for local development and the conformance suite.
STEWARD_STREAMS_OPEN = env.boolean("STEWARD_STREAMS_OPEN", False)
if PRODUCTION and STEWARD_STREAMS_OPEN:
    raise ImproperlyConfigured(
        "STEWARD_STREAMS_OPEN lets anyone create, write and delete streams under /ds/ and is "
        "for development only. Remove it in production and give clients stream tokens: "
        "python manage.py issue_token --streams <path prefix> --name <who>."
    )
# How long a long-poll read waits for data before answering 204.
STEWARD_DS_LONG_POLL_SECONDS = env.integer("STEWARD_DS_LONG_POLL_SECONDS", 20, minimum=1)
# SSE responses end after this long so caches can collapse readers (PROTOCOL.md 8.2).
STEWARD_DS_SSE_SECONDS = env.integer("STEWARD_DS_SSE_SECONDS", 55, minimum=1)
# The largest body one append (or create) may carry; larger ones get 413.
STEWARD_DS_MAX_APPEND_BYTES = env.integer(
    "STEWARD_DS_MAX_APPEND_BYTES", 16 * 1024 * 1024, minimum=1024
)

# --- Agent runs -------------------------------------------------------------------------

STEWARD_RUNNER = env.choice(
    "STEWARD_RUNNER", ("inprocess", "celery"), "celery" if REDIS_URL else "inprocess"
)
if STEWARD_RUNNER == "celery" and not REDIS_URL:
    raise ImproperlyConfigured(
        "STEWARD_RUNNER=celery needs a broker. Set REDIS_URL=redis://127.0.0.1:6379/0 "
        "or use STEWARD_RUNNER=inprocess."
    )
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env.string("STEWARD_CELERY_QUEUE", "steward")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A run mostly waits on its model's stream: threads, many per worker, not a process each.
# The thread pool also hands a task over without the prefork pool's pipe to a child process
# (about 7 ms of a run's time to first token).
CELERY_WORKER_POOL = env.choice("STEWARD_WORKER_POOL", ("threads", "prefork", "solo"), "threads")
CELERY_WORKER_CONCURRENCY = env.integer("STEWARD_WORKER_CONCURRENCY", 16, minimum=1)
# Celery would close a worker's database connections around every task; a run instead
# keeps its thread's connection as CONN_MAX_AGE allows (steward.agents.tasks), so it does
# not start on a new PostgreSQL backend with cold caches (~10 ms of time to first token).
CELERY_DB_REUSE_MAX = 1_000_000_000
# Retention (README "Retention"): STEWARD_PURGE_SESSIONS_AFTER=90d makes `celery -A steward
# beat` run `purge_sessions --older-than 90d` once a day (steward.live.tasks).
STEWARD_PURGE_SESSIONS_AFTER = env.string("STEWARD_PURGE_SESSIONS_AFTER")
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {}
if STEWARD_PURGE_SESSIONS_AFTER:
    try:
        parse_duration(STEWARD_PURGE_SESSIONS_AFTER)
    except ValueError as exc:
        raise ImproperlyConfigured(f"STEWARD_PURGE_SESSIONS_AFTER: {exc}") from None
    CELERY_BEAT_SCHEDULE["purge-old-sessions"] = {
        "task": "steward.live.purge_sessions",
        "schedule": 24 * 60 * 60.0,
        "kwargs": {"older_than": STEWARD_PURGE_SESSIONS_AFTER},
    }

OPENAI_BASE_URL = env.url("OPENAI_BASE_URL", ("http", "https"))
OPENAI_API_KEY = env.string("OPENAI_API_KEY")
STEWARD_MODEL = env.string("STEWARD_MODEL", "gpt-4.1-mini")
STEWARD_MODEL_API = env.choice("STEWARD_MODEL_API", ("chat", "responses"), "chat")
STEWARD_MAX_STEPS = env.integer("STEWARD_MAX_STEPS", 12, minimum=1)
STEWARD_RUN_HEARTBEAT_SECONDS = env.integer("STEWARD_RUN_HEARTBEAT_SECONDS", 5, minimum=1)
STEWARD_RUN_STALE_SECONDS = env.integer("STEWARD_RUN_STALE_SECONDS", 30, minimum=2)
# Seconds before a silent model server counts as down; retries of the openai client.
STEWARD_MODEL_TIMEOUT = env.integer("STEWARD_MODEL_TIMEOUT", 60, minimum=1)
STEWARD_MODEL_MAX_RETRIES = env.integer("STEWARD_MODEL_MAX_RETRIES", 2)
# Threads of the in-process runner (embedded default): runs executing at once.
STEWARD_RUNNER_THREADS = env.integer("STEWARD_RUNNER_THREADS", 8, minimum=1)

# --- Safe Actions -----------------------------------------------------------------------

# The audit chain's HMAC keys (steward/audit/keys.py): kept outside the database, so whoever
# can write the database still cannot forge the chain. The first key signs; others verify.
if PRODUCTION:
    STEWARD_AUDIT_KEYS = parse_keys(
        env.required("STEWARD_AUDIT_KEYS", "Production signs the audit log. " + HOW_TO_SET),
        production=True,
    )
else:
    STEWARD_AUDIT_KEYS = parse_keys(
        env.string("STEWARD_AUDIT_KEYS") or DEVELOPMENT_KEYS, production=False
    )
STEWARD_IDEMPOTENCY_TTL_HOURS = env.integer("STEWARD_IDEMPOTENCY_TTL_HOURS", 24, minimum=1)
# --- Metrics (README "Metrics") ---------------------------------------------------------
# /metrics answers a request with Authorization: Bearer <this> (and staff, and direct loopback).
STEWARD_METRICS_TOKEN = env.string("STEWARD_METRICS_TOKEN")
# prometheus-client reads it itself (multiprocess mode); checked here so a typo stops start-up.
PROMETHEUS_MULTIPROC_DIR = env.string("PROMETHEUS_MULTIPROC_DIR")
if PROMETHEUS_MULTIPROC_DIR and not Path(PROMETHEUS_MULTIPROC_DIR).is_dir():
    raise ImproperlyConfigured(
        f"PROMETHEUS_MULTIPROC_DIR={PROMETHEUS_MULTIPROC_DIR!r} is not a directory. Create it "
        "(empty, writable, one per host) before the processes start, or unset it."
    )
# A Celery worker's own scrape target (0: off) and the address it binds (no authentication).
STEWARD_WORKER_METRICS_PORT = env.integer("STEWARD_WORKER_METRICS_PORT", 0)
STEWARD_WORKER_METRICS_ADDR = env.string("STEWARD_WORKER_METRICS_ADDR", "127.0.0.1")
STEWARD_PUBLIC_URL = env.string("STEWARD_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
STEWARD_SKILLS_DIR = env.path("STEWARD_SKILLS_DIR", BASE_DIR / "skills")
# MCP sessions (2025 protocol era) live in one process's memory: behind a proxy spreading
# requests over several processes, either route /mcp sticky per token or go stateless.
STEWARD_MCP_STATELESS = env.boolean("STEWARD_MCP_STATELESS", False)

# --- Auth, i18n, static -----------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.string("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PLATFORM_DIR / "static"]
STATIC_ROOT = env.path("STEWARD_STATIC_ROOT", DATA_DIR / "static")
if not PRODUCTION:  # whitenoise warns on every request handler when it is missing
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "steward.access.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "steward.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Steward API",
    "DESCRIPTION": "Safe Actions, durable sessions and agent runs of a Steward platform.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Request bodies get their own components, so text that refuses blank says minLength 1
    # there, and answers (which may hold "") keep their own schema.
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI's files come from drf-spectacular-sidecar, so /api/docs/ needs no internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "steward.actions.openapi.add_action_operations",
    ],
}

# --- Production hardening ---------------------------------------------------------------

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", True)
    # Probes from the orchestrator speak plain HTTP inside the cluster.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.string("LOG_LEVEL", "INFO")},
    "loggers": {"django.channels.server": {"level": "WARNING"}},
}
