"""The registry of Safe Actions, filled from every app's ``actions.py`` at start-up."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

from django.core.exceptions import ImproperlyConfigured

from steward.actions.exceptions import UnknownAction
from steward.actions.spec import ActionSpec


class ActionRegistry:
    """Every registered action, by app and name. Registration validates and refuses duplicates."""

    def __init__(self) -> None:
        self._specs: dict[tuple[str, str], ActionSpec] = {}

    def register(self, spec: ActionSpec) -> ActionSpec:
        key = (spec.app, spec.name)
        existing = self._specs.get(key)
        if existing is not None and existing.func is not spec.func:
            raise ImproperlyConfigured(
                f"Two actions are named {spec.qualified_name!r} "
                f"({_where(existing)} and {_where(spec)}). Rename one, or pass name='...' "
                f"to @action."
            )
        self._specs[key] = spec
        return spec

    def unregister(self, app: str, name: str) -> None:
        self._specs.pop((app, name), None)

    def get(self, app: str, name: str) -> ActionSpec:
        try:
            return self._specs[(app, name)]
        except KeyError:
            raise UnknownAction(app, name) from None

    def for_app(self, app: str) -> list[ActionSpec]:
        return sorted((s for s in self._specs.values() if s.app == app), key=lambda s: s.name)

    def all(self) -> list[ActionSpec]:
        return sorted(self._specs.values(), key=lambda s: (s.app, s.name))

    def digest(self, app: str) -> str:
        """sha256 of the app's action names, schemas and metadata: changes when any of them do."""
        payload = [
            {"name": s.name, "description": s.description, "schema": s.schema, **s.metadata()}
            for s in self.for_app(app)
        ]
        canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    def __iter__(self) -> Iterator[ActionSpec]:
        return iter(self.all())

    def __len__(self) -> int:
        return len(self._specs)


def _where(spec: ActionSpec) -> str:
    return f"{spec.func.__module__}.{spec.func.__qualname__}"


actions = ActionRegistry()
