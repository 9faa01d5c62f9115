"""The Agent Skills specification's rules for a SKILL.md (agentskills.io/specification)."""

from __future__ import annotations

import re
from typing import Any

from steward.skills.document import parse
from steward.skills.exceptions import SkillParseError

MAX_NAME = 64
MAX_DESCRIPTION = 1024
MAX_COMPATIBILITY = 500
ALLOWED_KEYS = frozenset(
    {"name", "description", "license", "compatibility", "metadata", "allowed-tools"}
)
NAME_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def name_problems(name: Any, folder: str | None = None) -> list[str]:
    if not isinstance(name, str) or not name.strip():
        return ["'name' is required: a lowercase-hyphen name like 'idea-board'."]
    problems = []
    if len(name) > MAX_NAME:
        problems.append(f"'name' has {len(name)} characters; shorten it to {MAX_NAME} or fewer.")
    if name.startswith("-") or name.endswith("-"):
        problems.append("'name' must not start or end with a hyphen.")
    if "--" in name:
        problems.append("'name' must not contain consecutive hyphens ('--').")
    if not all(c in "abcdefghijklmnopqrstuvwxyz0123456789-" for c in name):
        problems.append(f"'name' {name!r} may only use lowercase letters a-z, digits and hyphens.")
    if folder is not None and folder != name:
        problems.append(f"'name' {name!r} must equal its folder name {folder!r}; rename one.")
    return problems


def description_problems(description: Any) -> list[str]:
    if not isinstance(description, str) or not description.strip():
        return ["'description' is required: say what the skill does and when to use it."]
    if len(description) > MAX_DESCRIPTION:
        return [
            f"'description' has {len(description)} characters; shorten it to "
            f"{MAX_DESCRIPTION} or fewer."
        ]
    return []


def optional_field_problems(front: dict[str, Any]) -> list[str]:
    problems = []
    extra = sorted(set(front) - ALLOWED_KEYS)
    if extra:
        problems.append(
            f"Unexpected front matter keys {', '.join(map(str, extra))}: only "
            f"{', '.join(sorted(ALLOWED_KEYS))} are allowed (put the rest under 'metadata')."
        )
    if "compatibility" in front:
        value = front["compatibility"]
        if not isinstance(value, str) or not 1 <= len(value) <= MAX_COMPATIBILITY:
            problems.append(f"'compatibility' must be 1-{MAX_COMPATIBILITY} characters of text.")
    if "license" in front and not isinstance(front["license"], str):
        problems.append("'license' must be a string (a license name or a bundled file's name).")
    if "metadata" in front:
        meta = front["metadata"]
        if not isinstance(meta, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in meta.items()
        ):
            problems.append("'metadata' must map string keys to string values (quote numbers).")
    if "allowed-tools" in front:
        tools = front["allowed-tools"]
        if not (
            isinstance(tools, str)
            or (isinstance(tools, list) and all(isinstance(t, str) for t in tools))
        ):
            problems.append("'allowed-tools' must be a space-separated string or a string list.")
    return problems


def validate_text(text: str, folder: str | None = None) -> list[str]:
    """Every rule the text breaks, as messages that say how to fix it; empty when valid.

    ``folder`` is the skill's folder name; the spec requires ``name`` to equal it.
    """
    try:
        document = parse(text)
    except SkillParseError as exc:
        return [str(exc)]
    front = document.front_matter
    problems = optional_field_problems(front)
    problems += name_problems(front.get("name"), folder)
    problems += description_problems(front.get("description"))
    if not document.body:
        problems.append("The Markdown body after the front matter is empty; write instructions.")
    return problems
