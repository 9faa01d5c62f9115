"""Turn an action function's typed keyword-only parameters into a DRF serializer.

Supported annotations: str, int, float, bool, Literal[...] and Enum (including Django's
TextChoices), list[str] / list[int], date, datetime, ``X | None`` and ``Annotated[X, Param(...)]``;
a default makes the parameter optional.
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import types
import typing
from collections.abc import Callable
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from django.core.exceptions import ImproperlyConfigured
from rest_framework import serializers

from steward.actions.fields import (
    StrictBooleanField,
    StrictCharField,
    StrictFloatField,
    StrictIntegerField,
)
from steward.actions.params import Param

SUPPORTED = (
    "str, int, float, bool, Literal[...], an Enum or TextChoices, list[str], list[int], "
    "datetime.date, datetime.datetime, X | None, Annotated[X, Param(...)]"
)


def serializer_from_signature(func: Callable[..., Any], where: str) -> type[serializers.Serializer]:
    """A Serializer class with one field per keyword-only parameter of ``func``."""
    params = list(inspect.signature(func).parameters.values())
    if not params or params[0].kind not in (
        inspect.Parameter.POSITIONAL_ONLY,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
    ):
        raise ImproperlyConfigured(
            f"Action {where} must take the context first: def {func.__name__}(ctx, *, ...)."
        )
    try:
        hints = typing.get_type_hints(func, include_extras=True)
    except Exception as exc:  # a NameError in a string annotation, typically
        raise ImproperlyConfigured(
            f"Action {where}: its annotations cannot be resolved ({exc}). Import the types "
            f"it names at module level."
        ) from exc
    fields: dict[str, serializers.Field] = {}
    for param in params[1:]:
        if param.kind is not inspect.Parameter.KEYWORD_ONLY:
            raise ImproperlyConfigured(
                f"Action {where}: parameter {param.name!r} must be keyword-only. "
                f"Put a * after the context: def {func.__name__}(ctx, *, {param.name}: ...)."
            )
        if param.name not in hints:
            raise ImproperlyConfigured(
                f"Action {where}: parameter {param.name!r} has no type annotation. "
                f"Annotate it with one of: {SUPPORTED}."
            )
        fields[param.name] = field_for(hints[param.name], param.default, f"{where}({param.name})")
    name = "".join(part.title() for part in where.replace(".", "_").split("_")) + "Input"
    return type(name, (serializers.Serializer,), fields)


def field_for(annotation: Any, default: Any, where: str) -> serializers.Field:
    """The DRF field for one parameter; raises ImproperlyConfigured for unsupported types."""
    kwargs: dict[str, Any] = {}
    if get_origin(annotation) is Annotated:
        annotation, *extras = get_args(annotation)
        for extra in extras:
            if isinstance(extra, Param):
                kwargs.update(extra.field_kwargs())
    annotation, nullable = _strip_none(annotation, where)
    if nullable:
        kwargs["allow_null"] = True
    if default is not inspect.Parameter.empty:
        kwargs["required"] = False
        kwargs["default"] = default
        if default is None:
            kwargs["allow_null"] = True
    return _base_field(annotation, kwargs, where)


def _strip_none(annotation: Any, where: str) -> tuple[Any, bool]:
    if get_origin(annotation) in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        if len(members) != 1:
            raise ImproperlyConfigured(
                f"Action {where}: unions other than X | None cannot become JSON Schema for "
                f"strict tools. Use one type, or declare input=YourSerializer."
            )
        return members[0], True
    return annotation, False


def _base_field(annotation: Any, kwargs: dict[str, Any], where: str) -> serializers.Field:
    if annotation is str:
        if kwargs.get("required", True):
            kwargs.setdefault("min_length", 1)
        kwargs["allow_blank"] = not kwargs.get("min_length")
        return StrictCharField(**kwargs)
    if annotation is bool:
        return StrictBooleanField(**kwargs)
    if annotation is int:
        return StrictIntegerField(**kwargs)
    if annotation is float:
        return StrictFloatField(**kwargs)
    if annotation is dt.datetime:
        return serializers.DateTimeField(**kwargs)
    if annotation is dt.date:
        return serializers.DateField(**kwargs)
    if get_origin(annotation) is Literal:
        values = list(get_args(annotation))
        if all(isinstance(v, str) for v in values) or all(type(v) is int for v in values):
            return serializers.ChoiceField(choices=values, **kwargs)
    elif isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        values = [member.value for member in annotation]
        if "default" in kwargs and isinstance(kwargs["default"], enum.Enum):
            kwargs["default"] = kwargs["default"].value
        return serializers.ChoiceField(choices=values, **kwargs)
    elif get_origin(annotation) is list and get_args(annotation) in ((str,), (int,)):
        child = StrictCharField() if get_args(annotation) == (str,) else StrictIntegerField()
        if isinstance(kwargs.get("default"), list):
            kwargs["default"] = list(kwargs["default"])
        return serializers.ListField(child=child, **kwargs)
    raise ImproperlyConfigured(
        f"Action {where}: the type {annotation!r} cannot become JSON Schema. Use one of: "
        f"{SUPPORTED}; or declare input=YourSerializer for anything richer."
    )
