"""Kept over django-environ: its bad values raise ValueError; ours raise the fix (STYLE 8).

Read settings from the environment; a bad value raises ImproperlyConfigured with the fix."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class Env:
    """Typed access to an environment mapping (os.environ by default)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def string(self, name: str, default: str = "") -> str:
        return self.environ.get(name, default).strip()

    def required(self, name: str, how: str) -> str:
        value = self.string(name)
        if not value:
            raise ImproperlyConfigured(f"{name} is not set. {how}")
        return value

    def boolean(self, name: str, default: bool = False) -> bool:
        raw = self.environ.get(name)
        if raw is None:
            return default
        word = raw.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a boolean. Set it to one of 1/0, true/false, yes/no, on/off."
        )

    def integer(self, name: str, default: int, *, minimum: int = 0) -> int:
        raw = self.string(name)
        if not raw:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}={raw!r} is not a whole number. Set it like {name}={default}."
            ) from None
        if value < minimum:
            raise ImproperlyConfigured(f"{name}={value} is below {minimum}. Use {minimum} or more.")
        return value

    def items(self, name: str, default: list[str] | None = None) -> list[str]:
        raw = self.string(name)
        if not raw:
            return list(default or [])
        return [item.strip() for item in raw.split(",") if item.strip()]

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        value = self.string(name, default).lower()
        if value not in choices:
            raise ImproperlyConfigured(
                f"{name}={value!r} is not one of {', '.join(choices)}. Set {name}={default}."
            )
        return value

    def url(self, name: str, schemes: tuple[str, ...]) -> str:
        value = self.string(name)
        if not value:
            return ""
        scheme = urlparse(value).scheme
        if scheme not in schemes:
            example = f"{schemes[0]}://user@127.0.0.1/dbname"
            raise ImproperlyConfigured(
                f"{name} must be a URL starting with {' or '.join(s + '://' for s in schemes)}, "
                f"got {scheme or 'no scheme'}://. Example: {name}={example}"
            )
        return value

    def path(self, name: str, default: Path) -> Path:
        raw = self.string(name)
        return Path(raw).expanduser().resolve() if raw else default
