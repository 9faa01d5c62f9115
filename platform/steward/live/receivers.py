"""Fill the app live feeds: every data change becomes an ``app.changed`` event.

Action invocations report their changes through ``steward.actions.signals.data_changed``
(sent inside the invocation's transaction); changes made elsewhere (admin, shell) are
caught from the hosted models' post_save / post_delete when no invocation is running.
Either way the event is appended in the same transaction as the change.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db.models.signals import post_delete, post_save

log = logging.getLogger(__name__)


def connect() -> None:
    post_save.connect(on_saved, dispatch_uid="live.app_changed.saved")
    post_delete.connect(on_deleted, dispatch_uid="live.app_changed.deleted")
    from steward.actions.signals import data_changed

    data_changed.connect(on_data_changed, dispatch_uid="live.app_changed.actions")


def on_data_changed(
    sender: Any,
    *,
    app: str,
    action: str,
    actor_label: str,
    changes: list[dict[str, Any]],
    **kwargs: Any,
) -> None:
    from steward.live.services import append_app_event

    for change in changes:
        append_app_event(
            app=app,
            type="app.changed",
            data={
                "app": app,
                "model": change.get("model", ""),
                "ids": list(change.get("ids", [])),
                "op": change.get("op", "updated"),
                "action": action,
                "actor": actor_label,
            },
            by=actor_label,
        )


def on_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    _outside_change(sender, instance, "created" if created else "updated", kwargs)


def on_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    _outside_change(sender, instance, "deleted", kwargs)


def _outside_change(sender: Any, instance: Any, op: str, kwargs: dict[str, Any]) -> None:
    if kwargs.get("raw"):
        return  # fixtures loading
    app = sender._meta.app_label
    if not _is_hosted(sender) or _in_invocation():
        return
    from steward.live.services import append_app_event

    append_app_event(
        app=app,
        type="app.changed",
        data={
            "app": app,
            "model": sender._meta.label_lower,
            "ids": [instance.pk],
            "op": op,
            "action": None,
            "actor": "outside",
        },
        by="outside",
    )


def _is_hosted(model: Any) -> bool:
    from steward.hosting.registry import hosted_apps

    if getattr(model._meta, "app_config", None) is None:
        return False  # migration-time historical models
    return model._meta.app_label in hosted_apps


def _in_invocation() -> bool:
    from steward.actions.context import current_invocation

    return current_invocation() is not None
