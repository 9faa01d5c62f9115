"""Which Safe Actions an actor may call, and checking the action names of a token's scope."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from steward.access.actors import Actor
from steward.access.authorization import permits
from steward.actions.registry import actions
from steward.actions.spec import ActionSpec


def permitted(actor: Actor, app: str) -> list[ActionSpec]:
    """The app's actions ``actor`` may call now (a token's scope and its owner's role)."""
    return [spec for spec in actions.for_app(app) if permits(actor, spec)]


def check_action_names(app: str, names: Iterable[str]) -> None:
    """Raise ValidationError naming the app's actions when ``names`` holds one it lacks."""
    known = {spec.name for spec in actions.for_app(app)}
    unknown = sorted(set(names) - known)
    if unknown:
        raise ValidationError(
            f"App {app!r} has no action {', '.join(unknown)}. Its actions: "
            f"{', '.join(sorted(known)) or 'none'}."
        )
