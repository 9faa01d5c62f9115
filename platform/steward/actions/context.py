"""The current invocation (a contextvar) and the records it changed.

While an action runs, post_save/post_delete of hosted apps' models are collected here, so
invoke can tell the live layer what changed (``data_changed``) without the action saying so.
Outside an invocation ``current_invocation()`` is None (admin and shell changes).
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save

_current: contextvars.ContextVar[Invocation | None] = contextvars.ContextVar(
    "steward_invocation", default=None
)


@dataclass(frozen=True)
class CallContext:
    """Where a call comes from: filled by the edge (REST headers, agent run, MCP session)."""

    session_id: str | None = None
    run_id: str | None = None
    request_id: str | None = None
    client_addr: str | None = None
    user_agent: str | None = None


@dataclass(frozen=True)
class ActionContext:
    """The ``ctx`` an action function receives."""

    actor: Any
    app: str
    action: str
    dry_run: bool = False
    session_id: str | None = None
    run_id: str | None = None
    request_id: str | None = None


@dataclass
class Invocation:
    """One running action call and the hosted-app records it has changed so far."""

    app: str
    action: str
    actor_label: str
    dry_run: bool = False
    session_id: str | None = None
    run_id: str | None = None
    _changes: dict[tuple[str, str], list[Any]] = field(default_factory=dict)

    def note(self, model: str, pk: Any, op: str) -> None:
        if op == "updated" and pk in self._changes.get((model, "created"), ()):
            return  # created and then touched again: still just "created"
        ids = self._changes.setdefault((model, op), [])
        if pk not in ids:
            ids.append(pk)

    def changes(self) -> list[dict[str, Any]]:
        return [{"model": m, "ids": list(ids), "op": op} for (m, op), ids in self._changes.items()]


def current_invocation() -> Invocation | None:
    return _current.get()


@contextmanager
def invocation(inv: Invocation) -> Iterator[Invocation]:
    token = _current.set(inv)
    try:
        yield inv
    finally:
        _current.reset(token)


def _hosted(sender: type[models.Model]) -> bool:
    from steward.hosting.registry import hosted_apps

    return sender._meta.app_label in hosted_apps


def _on_save(sender: type[models.Model], instance: models.Model, created: bool, **kw: Any) -> None:
    inv = _current.get()
    if inv is not None and not kw.get("raw") and _hosted(sender):
        inv.note(sender._meta.label_lower, instance.pk, "created" if created else "updated")


def _on_delete(sender: type[models.Model], instance: models.Model, **kw: Any) -> None:
    inv = _current.get()
    if inv is not None and _hosted(sender):
        inv.note(sender._meta.label_lower, instance.pk, "deleted")


def connect() -> None:
    """Collect changes of every model (filtered to hosted apps); called in ActionsConfig.ready."""
    post_save.connect(_on_save, dispatch_uid="steward.actions.context.save")
    post_delete.connect(_on_delete, dispatch_uid="steward.actions.context.delete")
