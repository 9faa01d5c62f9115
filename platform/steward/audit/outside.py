"""Changes made outside a Safe Action (Django admin, a shell) are audited too, as "outside".

The change collector reports them through ``records_changed`` with no action; this writes
their audit entry, with the records' fields before and after, in the change's transaction.
"""

from __future__ import annotations

from typing import Any

from steward.audit.models import OUTSIDE_CHANGE
from steward.audit.services import record
from steward.changes import records_changed


def on_records_changed(
    sender: Any, *, app: str, records: list[dict[str, Any]], action: str | None, **kw: Any
) -> None:
    if action is not None:
        return  # a Safe Action's changes are on its own entry
    record(
        actor_label=kw.get("actor_label") or "outside",
        app=app,
        action=OUTSIDE_CHANGE,
        args={},
        status="ok",
        changes=records,
    )


def connect() -> None:
    records_changed.connect(on_records_changed, dispatch_uid="steward.audit.outside")
