"""App live feeds: every change to a hosted app's records becomes an ``app.changed`` event.

The change collector (steward.changes) reports changes made by Safe Actions and outside them
(admin, shell) alike, inside the change's own transaction: the event commits with the
change, or not at all.
"""

from __future__ import annotations

from typing import Any

from steward.changes import records_changed
from steward.live.services import append_app_event


def on_records_changed(
    sender: Any,
    *,
    app: str,
    changes: list[dict[str, Any]],
    action: str | None,
    actor_label: str,
    **kwargs: Any,
) -> None:
    for change in changes:
        append_app_event(
            app=app,
            type="app.changed",
            data={
                "app": app,
                "model": change["model"],
                "ids": list(change["ids"]),
                "op": change["op"],
                "action": action,
                "actor": actor_label,
            },
            by=actor_label,
        )


def connect() -> None:
    records_changed.connect(on_records_changed, dispatch_uid="steward.live.feeds")
