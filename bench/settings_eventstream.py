"""Settings for the live benchmark's django-eventstream peer (durable SSE for Django).

A small Django project of its own, not Steward's: what a team would deploy to get durable
server-sent events. ``daphne bench.asgi_eventstream:application`` serves it on the bench's
throwaway PostgreSQL database with the package's model storage enabled (every event is a
row; a client resumes from its Last-Event-ID; the connection is released between reads, see
bench/eventstream_storage.py), and its Redis pub/sub so that a writer in another process (like
a Celery worker) reaches the web process's listeners.
"""

from __future__ import annotations

import os
from urllib.parse import urlparse

import dj_database_url

SECRET_KEY = "bench-eventstream-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django_eventstream",
]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bench.urls_eventstream"
ASGI_APPLICATION = "bench.asgi_eventstream.application"
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

EVENTSTREAM_STORAGE_CLASS = "bench.eventstream_storage.ReleasingModelStorage"
_redis = urlparse(os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"))
EVENTSTREAM_REDIS = {
    "host": _redis.hostname or "127.0.0.1",
    "port": _redis.port or 6379,
    "db": int((_redis.path or "/0").lstrip("/") or 0),
    # Its listener waits on pub/sub for as long as nobody writes: redis-py's default 5 s
    # socket timeout would end it (and live delivery with it) after 5 quiet seconds.
    "socket_timeout": None,
}
