"""Safe Actions of the editorial calendar: plan, assign, move and schedule pieces."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.contrib.auth import get_user_model

from steward.actions import Param, action
from steward.actions.context import ActionContext
from steward.actions.exceptions import ActionInvalid
from steward.actions.records import get_record

from .models import Channel, Piece, Status

PieceId = Annotated[int, Param(min_value=1, help="The piece's id, as list_calendar shows it.")]


def _piece(piece_id: int) -> Piece:
    pieces = Piece.objects.select_related("assignee")
    return get_record(pieces, piece_id, hint="Call list_calendar to see the pieces.")


def _card(piece: Piece) -> dict[str, Any]:
    return {
        "id": piece.pk,
        "title": piece.title,
        "channel": piece.channel,
        "status": piece.status,
        "due": piece.due.isoformat() if piece.due else None,
        "assignee": piece.assignee.get_username() if piece.assignee else None,
    }


@action(description="Plan a new content piece for a channel, optionally with a due date.")
def plan_piece(
    ctx: ActionContext,
    *,
    title: Annotated[str, Param(max_length=200)],
    channel: Channel = Channel.BLOG,
    due: dt.date | None = None,
) -> dict[str, Any]:
    piece = Piece.objects.create(title=title, channel=channel, due=due)
    return _card(piece)


@action(description="Assign a piece to a team member by username, or to nobody (null) to unassign.")
def assign_piece(ctx: ActionContext, *, piece_id: PieceId, assignee: str | None) -> dict[str, Any]:
    piece = _piece(piece_id)
    user = None
    if assignee:
        user = get_user_model().objects.filter(username=assignee, is_active=True).first()
        if user is None:
            raise ActionInvalid(fields={"assignee": [f"No active user is called {assignee!r}."]})
    piece.assignee = user
    piece.save(update_fields=["assignee", "updated"])
    return _card(piece)


@action(
    description="Change a piece's title, channel or due date; leave a field out (or null) "
    "to keep it.",
    idempotent=True,
)
def update_piece(
    ctx: ActionContext,
    *,
    piece_id: PieceId,
    title: Annotated[str | None, Param(min_length=1, max_length=200)] = None,
    channel: Channel | None = None,
    due: dt.date | None = None,
) -> dict[str, Any]:
    piece = _piece(piece_id)
    if title is not None:
        piece.title = title.strip()
    if channel is not None:
        piece.channel = channel
    if due is not None and due != piece.due:
        if piece.status == Status.PUBLISHED:
            raise ActionInvalid(fields={"due": [f"Piece #{piece_id} is already published."]})
        piece.due = due
    piece.save()
    return _card(piece)


@action(description="Delete a content piece for good.", destructive=True)
def delete_piece(ctx: ActionContext, *, piece_id: PieceId) -> dict[str, Any]:
    piece = _piece(piece_id)
    gone = _card(piece)
    piece.delete()
    return {"deleted": gone}


@action(description="Set a piece's status (idea, drafting, review, scheduled, published).")
def set_status(ctx: ActionContext, *, piece_id: PieceId, status: Status) -> dict[str, Any]:
    piece = _piece(piece_id)
    if status in (Status.SCHEDULED, Status.PUBLISHED) and piece.due is None:
        raise ActionInvalid(
            fields={"status": [f"Piece #{piece_id} has no due date; reschedule it first."]}
        )
    piece.status = status
    piece.save(update_fields=["status", "updated"])
    return _card(piece)


@action(
    description="Move a piece's due date.",
    idempotent=True,
    offered_when=lambda piece: piece.status != Status.PUBLISHED,
)
def reschedule(ctx: ActionContext, *, piece_id: PieceId, due: dt.date) -> dict[str, Any]:
    piece = _piece(piece_id)
    if piece.status == Status.PUBLISHED:
        raise ActionInvalid(fields={"due": [f"Piece #{piece_id} is already published."]})
    piece.due = due
    piece.save(update_fields=["due", "updated"])
    return _card(piece)


@action(
    description="The calendar: pieces by due date, optionally in a date range or channel.",
    read_only=True,
)
def list_calendar(
    ctx: ActionContext,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    channel: Channel | None = None,
) -> dict[str, Any]:
    if start and end and end < start:
        raise ActionInvalid(fields={"end": ["The end is before the start."]})
    pieces = Piece.objects.select_related("assignee")
    if start:
        pieces = pieces.filter(due__gte=start)
    if end:
        pieces = pieces.filter(due__lte=end)
    if channel:
        pieces = pieces.filter(channel=channel)
    return {"pieces": [_card(p) for p in pieces[:500]]}
