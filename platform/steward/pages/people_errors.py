"""Action errors reworded for a person at a form.

An action's errors are written for agents too: they end with what to call next ("Call
list_ideas to see the ideas and ids."). Agents keep those hints in API and tool results; a page
drops every sentence that speaks to a program (a tool name, an API path, JSON) and keeps the
rest: the field, what is wrong, what is allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from steward.actions.exceptions import (
    ActionDenied,
    ActionError,
    ActionFailed,
    IdempotencyConflict,
    NotAuthenticated,
    RateLimited,
    RecordNotFound,
    UnknownAction,
)
from steward.actions.registry import actions

SENTENCE = re.compile(r"(?<=[.!?])\s+")
FOR_PROGRAMS = re.compile(
    r"\bcall\b|\bGET /|\bPOST /|/api/|\bJSON\b|\bIdempotency-Key\b|\btool\b", re.IGNORECASE
)
WIRE_ASIDE = re.compile(r"\s*\((?:or )?null\)")  # "(or null)": how strict tools say "absent"
NO_RECORD = re.compile(r"^No (?P<what>.+?) #(?P<pk>\S+?)\.")


@dataclass
class PeopleError:
    """What a page shows: one message at the top and one per field."""

    message: str
    fields: dict[str, str] = field(default_factory=dict)


def page_status(exc: ActionError) -> int:
    """The status a page form's error answers with: 422 when the person can fix the form
    (invalid input, a record gone meanwhile), else the action's own status (403, 429 …).

    422 is what htmx pages conventionally use for "the form needs a change"; it also keeps
    django-htmx's debug handler, which takes over the whole page on 400 and 404, away."""
    return 422 if exc.http_status in (400, 404) else exc.http_status


def for_people(exc: ActionError, *, app: str) -> PeopleError:
    """The error in words for people, without the agent hints."""
    if isinstance(exc, RecordNotFound):
        return PeopleError(_not_found(exc.message, app))
    if isinstance(exc, NotAuthenticated):
        return PeopleError("You are logged out. Log in again, then retry.")
    if isinstance(exc, ActionDenied):
        return PeopleError(
            strip_hints(exc.message, app) or "Your role on this app does not allow this."
        )
    if isinstance(exc, UnknownAction):
        return PeopleError("This app has no such action any more. Reload the page.")
    if isinstance(exc, RateLimited):
        return PeopleError(f"Too many tries in a row. Wait {exc.retry_after} s, then retry.")
    if isinstance(exc, IdempotencyConflict | ActionFailed):
        return PeopleError("Something went wrong on our side; nothing was changed. Retry later.")
    fields = field_words(exc.fields or {}, app=app)
    top = strip_hints(exc.message, app)
    if fields and (not top or top.lower().startswith("the arguments are invalid")):
        top = "Some fields need a change; see below."
    return PeopleError(top or "That did not work.", fields)


def field_words(problems: dict[str, Any], *, app: str) -> dict[str, str]:
    """Each field's problem (validation errors as DRF gives them) in words for people."""
    return {
        name: strip_hints(_text(problem), app) or "This value is not allowed."
        for name, problem in problems.items()
    }


def strip_hints(text: str, app: str) -> str:
    """``text`` without the sentences that tell a program what to call next."""
    tool_names = {spec.name for spec in actions.for_app(app)} if app else set()
    text = WIRE_ASIDE.sub("", text)
    kept = []
    for sentence in SENTENCE.split(text.strip()):
        words = set(re.findall(r"[a-z][a-z0-9_]*_[a-z0-9_]+", sentence))
        if FOR_PROGRAMS.search(sentence) or words & tool_names:
            continue
        kept.append(sentence)
    return " ".join(kept).strip()


def _not_found(message: str, app: str) -> str:
    match = NO_RECORD.match(message)
    if match:
        what = match["what"][:1].upper() + match["what"][1:]
        return (
            f"{what} #{match['pk']} no longer exists; someone may have deleted it. Reload the page."
        )
    return strip_hints(message, app) or "That record no longer exists. Reload the page."


def _text(problem: Any) -> str:
    if isinstance(problem, list):
        return " ".join(_text(p) for p in problem)
    if isinstance(problem, dict):
        return " ".join(f"{k}: {_text(v)}" for k, v in problem.items())
    return str(problem)
