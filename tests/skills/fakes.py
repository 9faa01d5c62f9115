"""Stand-ins for ActionSpec where a test needs actions no real app has."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FakeSpec:
    name: str
    description: str
    read_only: bool = False
    destructive: bool = False
    idempotent: bool = False
    requires_approval: bool = False
    permission: str = "operator"
    schema: dict[str, Any] = field(default_factory=dict)

    def input_schema(self) -> dict[str, Any]:
        return self.schema


ADD_IDEA = FakeSpec(
    name="add_idea",
    description="Add a new idea to the board.",
    schema={
        "type": "object",
        "properties": {
            "title": {"type": "string", "description": "Short title"},
            "pitch": {"type": "string", "default": ""},
            "score": {"type": "integer", "minimum": 0, "maximum": 10, "default": 5},
            "column": {"type": "string", "enum": ["inbox", "exploring"]},
        },
        "required": ["title", "pitch", "score", "column"],
    },
)
DELETE_IDEA = FakeSpec(
    name="delete_idea",
    description="Delete an idea for good.",
    destructive=True,
    requires_approval=True,
    schema={"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]},
)
