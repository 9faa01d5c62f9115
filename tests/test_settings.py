"""The one settings module, loaded in subprocesses with a controlled environment."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST", ""),
    "layers": sorted(getattr(settings, "CHANNEL_LAYERS", {})),
    "cache": settings.CACHES["default"]["BACKEND"],
    "runner": settings.STEWARD_RUNNER, "broker": settings.CELERY_BROKER_URL,
    "debug": settings.DEBUG, "hosts": settings.ALLOWED_HOSTS,
}))
"""
STEWARD_VARS = (
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
    "STEWARD_",
    "CSRF_TRUSTED_ORIGINS",
    "DJANGO_",
)  # DJANGO_ALLOW_ASYNC_UNSAFE: browser tests


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(STEWARD_VARS)}
    env |= {
        "STEWARD_DATA_DIR": str(tmp_path / "data"),
        "DJANGO_SETTINGS_MODULE": "steward.settings",
    }
    env.update(extra)
    return env


def _run(tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=_env(tmp_path, **extra),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _probe(tmp_path: Path, **extra: str) -> dict:
    done = _run(tmp_path, "-c", f"import django; django.setup()\n{PROBE}", **extra)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _fails(tmp_path: Path, **extra: str) -> str:
    done = _run(tmp_path, "-c", "import django; django.setup()", **extra)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    return done.stderr.strip().splitlines()[-1]


def _production(**extra: str) -> dict[str, str]:
    return {
        "STEWARD_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "steward.example.com",
        "STEWARD_AUDIT_KEYS": f"k1:{secrets.token_urlsafe(32)}",
    } | extra


def test_nothing_set_gives_the_embedded_default(tmp_path: Path) -> None:
    found = _probe(tmp_path)
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["name"] == str(tmp_path / "data" / "steward.sqlite3")
    assert found["layers"] == []  # live streams wake up without a channel layer
    assert found["runner"] == "inprocess" and found["broker"] == "memory://"
    assert found["debug"] is True
    assert set(found["hosts"]) == {"127.0.0.1", "localhost", "[::1]"}


def test_database_and_redis_urls_switch_to_postgresql_and_redis(tmp_path: Path) -> None:
    found = _probe(
        tmp_path,
        DATABASE_URL="postgres://steward@db.internal:5432/steward",
        REDIS_URL="redis://cache.internal:6379/0",
    )
    assert found["engine"] == "django.db.backends.postgresql"
    assert (found["host"], found["name"]) == ("db.internal", "steward")
    assert found["layers"] == []  # Redis wake-ups come from steward.live, not channels-redis
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert found["runner"] == "celery" and found["broker"] == "redis://cache.internal:6379/0"


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "STEWARD_AUDIT_KEYS"])
def test_production_without_a_required_variable_fails_naming_it(
    tmp_path: Path, missing: str
) -> None:
    env = _production()
    del env[missing]
    message = _fails(tmp_path, **env)
    assert f"{missing} is not set" in message


def test_production_rejects_a_weak_secret_key(tmp_path: Path) -> None:
    assert "SECRET_KEY is too short" in _fails(tmp_path, **_production(SECRET_KEY="short"))


@pytest.mark.parametrize(
    ("keys", "says"),
    [
        ("k1:short", "too weak for production"),
        ("dev:steward-embedded-development-audit-key-not-for-production", "too weak"),
        ("just-a-secret-without-an-id-" + "x" * 30, "malformed item"),
        (f"k1:{'a' * 40},k1:{'b' * 40}", "names key id 'k1' twice"),
    ],
)
def test_production_refuses_weak_or_malformed_audit_keys(tmp_path: Path, keys: str, says: str):
    message = _fails(tmp_path, **_production(STEWARD_AUDIT_KEYS=keys))
    assert says in message and "STEWARD_AUDIT_KEYS=k2:<new>,k1:<old>" in message


def test_the_embedded_default_signs_the_audit_log_with_a_development_key(tmp_path: Path):
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(list(settings.STEWARD_AUDIT_KEYS))"
    assert _run(tmp_path, "-c", code).stdout.strip() == "['dev']"
    keys = f"k2:{'n' * 40},k1:{'o' * 40}"
    assert _run(tmp_path, "-c", code, STEWARD_AUDIT_KEYS=keys).stdout.strip() == "['k2', 'k1']"


def test_a_bad_database_url_fails_clearly(tmp_path: Path) -> None:
    message = _fails(tmp_path, DATABASE_URL="mysql://root@127.0.0.1/steward")
    assert "DATABASE_URL must be a URL starting with postgres://" in message


def test_a_bad_boolean_fails_clearly(tmp_path: Path) -> None:
    message = _fails(tmp_path, DEBUG="maybe")
    assert "DEBUG='maybe' is not a boolean" in message and "true/false" in message


def test_a_bad_number_fails_clearly(tmp_path: Path) -> None:
    assert "STEWARD_MAX_STEPS='lots' is not a whole number" in _fails(
        tmp_path, STEWARD_MAX_STEPS="lots"
    )


def test_production_settings_pass_the_security_checks_of_check_deploy(tmp_path: Path) -> None:
    done = _run(
        tmp_path,
        "manage.py",
        "check",
        "--deploy",
        "--tag",
        "security",
        "--fail-level",
        "WARNING",
        **_production(),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_production_check_deploy_has_no_warnings_at_all(tmp_path: Path) -> None:
    # Also runs drf-spectacular's schema generation: every API view must document itself.
    done = _run(
        tmp_path, "manage.py", "check", "--deploy", "--fail-level", "WARNING", **_production()
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_production_rejects_a_url_in_allowed_hosts(tmp_path: Path) -> None:
    message = _fails(tmp_path, **_production(ALLOWED_HOSTS="https://steward.example.com"))
    assert "ALLOWED_HOSTS=" in message and "bare host names" in message


def test_csrf_trusted_origins_need_a_scheme(tmp_path: Path) -> None:
    message = _fails(tmp_path, CSRF_TRUSTED_ORIGINS="steward.example.com")
    assert "CSRF_TRUSTED_ORIGINS takes origins with a scheme" in message


def test_production_refuses_open_generic_streams(tmp_path: Path) -> None:
    message = _fails(tmp_path, **_production(STEWARD_STREAMS_OPEN="true"))
    assert "STEWARD_STREAMS_OPEN" in message and "issue_token --streams" in message
