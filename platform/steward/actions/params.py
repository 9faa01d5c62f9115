"""Constraints on an action's typed parameters, declared with ``typing.Annotated``.

def score_idea(ctx, *, idea_id: int, score: Annotated[int, Param(min_value=0, max_value=10)])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Param:
    """Extra validation and documentation for one parameter; each becomes JSON Schema too."""

    help: str = ""
    min_value: int | float | None = None
    max_value: int | float | None = None
    min_length: int | None = None
    max_length: int | None = None

    def field_kwargs(self) -> dict[str, Any]:
        """The DRF field keyword arguments this constraint stands for."""
        kwargs: dict[str, Any] = {}
        if self.help:
            kwargs["help_text"] = self.help
        for key in ("min_value", "max_value", "min_length", "max_length"):
            value = getattr(self, key)
            if value is not None:
                kwargs[key] = value
        return kwargs
