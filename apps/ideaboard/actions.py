"""Safe Actions of the idea board: the only way agents change ideas."""

from __future__ import annotations

from typing import Annotated, Any

from steward.actions import Param, action
from steward.actions.context import ActionContext
from steward.actions.exceptions import ActionInvalid
from steward.actions.records import get_record

from .models import Column, Idea

Title = Annotated[str, Param(max_length=200, help="A short, specific title.")]
IdeaId = Annotated[int, Param(min_value=1, help="The idea's id, as list_ideas shows it.")]


def _idea(idea_id: int) -> Idea:
    return get_record(Idea, idea_id, hint="Call list_ideas to see the ideas and ids.")


def _card(idea: Idea) -> dict[str, Any]:
    return {
        "id": idea.pk,
        "title": idea.title,
        "pitch": idea.pitch,
        "score": idea.score,
        "column": idea.column,
        "archived": idea.archived,
    }


@action(description="Add a new idea to the board's inbox column.")
def add_idea(ctx: ActionContext, *, title: Title, pitch: str = "") -> dict[str, Any]:
    idea = Idea(title=title, pitch=pitch)
    idea.full_clean(validate_constraints=False)  # the database enforces them; skip a query
    idea.save()
    return _card(idea)


@action(
    description="Change an idea's title or pitch; leave one out (or null) to keep it.",
    idempotent=True,
)
def update_idea(
    ctx: ActionContext,
    *,
    idea_id: IdeaId,
    title: Annotated[
        str | None, Param(min_length=1, max_length=200, help="A short, specific title.")
    ] = None,
    pitch: Annotated[str | None, Param(help="Why it matters, in a line or two.")] = None,
) -> dict[str, Any]:
    idea = _idea(idea_id)
    changed: list[str] = []
    if title is not None:
        idea.title, changed = title.strip(), [*changed, "title"]
    if pitch is not None:
        idea.pitch, changed = pitch.strip(), [*changed, "pitch"]
    if changed:
        idea.save(update_fields=[*changed, "updated"])
    return _card(idea)


@action(
    description="Score an idea from 0 (weak) to 10 (strong).",
    idempotent=True,
    offered_when=lambda idea: not idea.archived,
)
def score_idea(
    ctx: ActionContext,
    *,
    idea_id: IdeaId,
    score: Annotated[int, Param(min_value=0, max_value=10, help="0 (weak) to 10 (strong).")],
) -> dict[str, Any]:
    idea = _idea(idea_id)
    if idea.archived:
        raise ActionInvalid(fields={"idea_id": [f"Idea #{idea_id} is archived; it cannot change."]})
    idea.score = score
    idea.save(update_fields=["score", "updated"])
    return _card(idea)


@action(
    description="Move an idea's card to another column of the board.",
    idempotent=True,
    offered_when=lambda idea: not idea.archived,
)
def move_card(ctx: ActionContext, *, idea_id: IdeaId, column: Column) -> dict[str, Any]:
    idea = _idea(idea_id)
    if idea.archived:
        raise ActionInvalid(fields={"idea_id": [f"Idea #{idea_id} is archived; it cannot move."]})
    idea.column = column
    idea.save(update_fields=["column", "updated"])
    return _card(idea)


@action(description="List the ideas on the board, best scored first.", read_only=True)
def list_ideas(
    ctx: ActionContext,
    *,
    column: Column | None = None,
    include_archived: bool = False,
    limit: Annotated[int, Param(min_value=1, max_value=200)] = 50,
) -> dict[str, Any]:
    ideas = Idea.objects.all()
    if column:
        ideas = ideas.filter(column=column)
    if not include_archived:
        ideas = ideas.filter(archived=False)
    return {"ideas": [_card(idea) for idea in ideas[:limit]]}


@action(
    description="Archive an idea: it leaves the board. Needs a person's approval for agents.",
    destructive=True,
    requires_approval=True,
    offered_when=lambda idea: not idea.archived,
)
def archive_idea(ctx: ActionContext, *, idea_id: IdeaId) -> dict[str, Any]:
    idea = _idea(idea_id)
    if idea.archived:
        raise ActionInvalid(fields={"idea_id": [f"Idea #{idea_id} is already archived."]})
    idea.archived = True
    idea.save(update_fields=["archived", "updated"])
    return _card(idea)


@action(
    description="Bring an archived idea back onto the board, in the column it left.",
    offered_when=lambda idea: idea.archived,
)
def unarchive_idea(ctx: ActionContext, *, idea_id: IdeaId) -> dict[str, Any]:
    idea = _idea(idea_id)
    if not idea.archived:
        raise ActionInvalid(fields={"idea_id": [f"Idea #{idea_id} is not archived."]})
    idea.archived = False
    idea.save(update_fields=["archived", "updated"])
    return _card(idea)


@action(
    description="Delete an idea for good. Needs a person's approval for agents; prefer "
    "archive_idea, which can be undone.",
    destructive=True,
    requires_approval=True,
)
def delete_idea(ctx: ActionContext, *, idea_id: IdeaId) -> dict[str, Any]:
    idea = _idea(idea_id)
    card = _card(idea)
    idea.delete()
    return {"deleted": card}
