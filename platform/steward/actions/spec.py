"""ActionSpec: one registered Safe Action, frozen and validated when it is declared."""

from __future__ import annotations

import copy
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from rest_framework import serializers

from steward.actions.jsonschema import schema_for_serializer
from steward.actions.rates import Rate
from steward.actions.signature import serializer_from_signature

NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
PERMISSIONS = ("viewer", "operator", "admin")


@dataclass(frozen=True)
class ActionSpec:
    """A Safe Action as every edge sees it: metadata, input schema, validator and function."""

    app: str
    name: str
    description: str
    func: Callable[..., Any] = field(repr=False, compare=False)
    serializer_class: type[serializers.Serializer] = field(repr=False, compare=False)
    schema: dict[str, Any] = field(repr=False, compare=False)
    read_only: bool = False
    destructive: bool = False
    idempotent: bool = False
    requires_approval: bool = False
    permission: str = "operator"
    rate: str | None = None
    rate_limit: Rate | None = field(default=None, repr=False, compare=False)
    # Pages offer the action on a record only where this holds (archive a live idea, not an
    # archived one). The action still checks for itself: an agent or a stale page may ask.
    offered_when: Callable[[Any], bool] | None = field(default=None, repr=False, compare=False)

    @property
    def qualified_name(self) -> str:
        return f"{self.app}.{self.name}"

    def input_schema(self) -> dict[str, Any]:
        """The JSON Schema of the arguments (a fresh copy: callers may change it)."""
        return copy.deepcopy(self.schema)

    def metadata(self) -> dict[str, Any]:
        return {
            "read_only": self.read_only,
            "destructive": self.destructive,
            "idempotent": self.idempotent,
            "requires_approval": self.requires_approval,
            "permission": self.permission,
            "rate": self.rate,
        }

    def describe(self) -> dict[str, Any]:
        return {
            "app": self.app,
            "name": self.name,
            "description": self.description,
            "input_schema": self.input_schema(),
            **self.metadata(),
            "url": f"/api/apps/{self.app}/actions/{self.name}/",
        }


def build_spec(
    func: Callable[..., Any],
    *,
    app: str,
    description: str,
    name: str | None = None,
    read_only: bool = False,
    destructive: bool = False,
    idempotent: bool = False,
    requires_approval: bool = False,
    permission: str | None = None,
    rate: str | None = None,
    input: type[serializers.Serializer] | None = None,
    offered_when: Callable[[Any], bool] | None = None,
) -> ActionSpec:
    """Validate a declaration and freeze it; every mistake raises with the fix in the message."""
    name = name or func.__name__
    where = f"{app}.{name}"
    if not NAME.match(name):
        raise ImproperlyConfigured(
            f"Action {where}: the name must be lowercase letters, digits and underscores, "
            f"starting with a letter (like add_idea). Pass name='...' to choose another."
        )
    if not description or not description.strip():
        raise ImproperlyConfigured(
            f"Action {where} has no description. Agents choose tools by it: "
            f"@action(description='Add a new idea to the board.')."
        )
    if read_only and (destructive or requires_approval):
        raise ImproperlyConfigured(
            f"Action {where} is read_only, so it cannot be destructive or require approval. "
            f"Drop read_only=True if it changes data."
        )
    permission = permission or ("viewer" if read_only else "operator")
    if permission not in PERMISSIONS:
        raise ImproperlyConfigured(
            f"Action {where}: permission={permission!r} is not a team role. "
            f"Use one of {', '.join(PERMISSIONS)}."
        )
    if offered_when is not None and not callable(offered_when):
        raise ImproperlyConfigured(
            f"Action {where}: offered_when= must be a function of the record, like "
            f"offered_when=lambda idea: not idea.archived; got {offered_when!r}."
        )
    if input is not None:
        if not (isinstance(input, type) and issubclass(input, serializers.Serializer)):
            raise ImproperlyConfigured(
                f"Action {where}: input= must be a DRF Serializer class, got {input!r}."
            )
        _check_accepts(func, input, where)
        serializer_class = input
    else:
        serializer_class = serializer_from_signature(func, where)
    return ActionSpec(
        app=app,
        name=name,
        description=inspect.cleandoc(description),
        func=func,
        serializer_class=serializer_class,
        schema=schema_for_serializer(serializer_class, where),
        read_only=read_only,
        destructive=destructive,
        idempotent=idempotent or read_only,
        requires_approval=requires_approval,
        permission=permission,
        rate=rate,
        rate_limit=Rate.parse(rate, where) if rate else None,
        offered_when=offered_when,
    )


def _check_accepts(
    func: Callable[..., Any], input: type[serializers.Serializer], where: str
) -> None:
    params = inspect.signature(func).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return
    missing = [str(n) for n in input().fields if n not in params]
    if missing:
        raise ImproperlyConfigured(
            f"Action {where}: its function does not accept {', '.join(missing)} from "
            f"{input.__name__}. Add them as keyword-only parameters or take **data."
        )
