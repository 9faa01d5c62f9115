"""The ``@action`` decorator: declare a Safe Action in an app's ``actions.py``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from rest_framework.serializers import Serializer

F = TypeVar("F", bound=Callable[..., Any])


def action(
    func: Callable[..., Any] | None = None,
    /,
    *,
    description: str = "",
    read_only: bool = False,
    destructive: bool = False,
    idempotent: bool = False,
    requires_approval: bool = False,
    permission: str | None = None,
    rate: str | None = None,
    input: type[Serializer] | None = None,
    name: str | None = None,
    app: str | None = None,
    offered_when: Callable[[Any], bool] | None = None,
) -> Callable[[F], F]:
    """Register the decorated function as a Safe Action of its app and return it unchanged.

    ``permission`` is the team role a person needs (default "operator"; "viewer" for
    read-only actions). ``rate`` limits calls per caller, like "10/m". Input comes from the
    function's typed keyword-only parameters, or from ``input=`` (a DRF Serializer). The app is
    the Django app whose package holds the function, unless ``app=`` says otherwise.
    ``offered_when`` (a function of the record) limits where pages offer an action that names
    a record: ``offered_when=lambda idea: idea.archived`` for unarchive. It hides a form; the
    action must still refuse a record in the wrong state, since agents and stale pages call it.
    """

    def register(func: F) -> F:
        from steward.actions.registry import actions
        from steward.actions.spec import build_spec

        actions.register(
            build_spec(
                func,
                app=app or _app_of(func),
                description=description,
                name=name,
                read_only=read_only,
                destructive=destructive,
                idempotent=idempotent,
                requires_approval=requires_approval,
                permission=permission,
                rate=rate,
                input=input,
                offered_when=offered_when,
            )
        )
        return func

    if func is not None:
        raise ImproperlyConfigured(
            f"@action on {func.__qualname__} needs arguments: write "
            f"@action(description='What it does.'), not a bare @action."
        )
    return register


def _app_of(func: Callable[..., Any]) -> str:
    from django.apps import apps

    config = apps.get_containing_app_config(func.__module__)
    if config is None:
        raise ImproperlyConfigured(
            f"{func.__module__}.{func.__qualname__} is not inside an installed app. Declare "
            f"actions in apps/<name>/actions.py, or pass app='<name>' to @action."
        )
    return config.label
