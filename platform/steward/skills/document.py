"""Reading and writing SKILL.md texts: YAML front matter, Markdown body, hand-written regions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from steward.skills.exceptions import SkillParseError

KEEP_START = "<!-- steward:keep -->"
KEEP_END = "<!-- /steward:keep -->"
_KEEP = re.compile(re.escape(KEEP_START) + r"(.*?)" + re.escape(KEEP_END), re.DOTALL)


@dataclass(frozen=True)
class SkillDocument:
    """A parsed SKILL.md: its front matter mapping and its Markdown body."""

    front_matter: dict[str, Any]
    body: str
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.front_matter.get("name", ""))

    @property
    def description(self) -> str:
        return str(self.front_matter.get("description", ""))


def parse(text: str) -> SkillDocument:
    """Split a SKILL.md text into front matter and body; raise SkillParseError if unreadable."""
    if not text.startswith("---"):
        raise SkillParseError("SKILL.md must start with YAML front matter between two '---' lines.")
    parts = text.split("---", 2)
    if len(parts) < 3:
        raise SkillParseError("The YAML front matter is not closed: add a '---' line after it.")
    try:
        loaded = yaml.safe_load(parts[1])
    except yaml.YAMLError as exc:
        raise SkillParseError(f"The front matter is not valid YAML: {exc}") from None
    if not isinstance(loaded, dict):
        raise SkillParseError("The front matter must be a YAML mapping (key: value lines).")
    raw_meta = loaded.get("metadata")
    metadata = {str(k): str(v) for k, v in raw_meta.items()} if isinstance(raw_meta, dict) else {}
    return SkillDocument(front_matter=loaded, body=parts[2].strip(), metadata=metadata)


def render(front_matter: dict[str, Any], body: str) -> str:
    """A SKILL.md text from a front matter mapping (key order kept) and a Markdown body."""
    head = yaml.safe_dump(front_matter, sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{head}---\n\n{body.strip()}\n"


def kept_regions(text: str) -> list[str]:
    """The hand-written regions of a text (between the keep markers), in order."""
    return [m.group(1) for m in _KEEP.finditer(text)]


def restore_kept(generated: str, previous: str | None) -> str:
    """Put the previous text's hand-written regions back into a freshly generated text.

    Regions are matched by position; a region the new text has no slot for is appended at the
    end so hand-written guidance is never dropped silently.
    """
    old = kept_regions(previous or "")
    if not old:
        return generated
    slots = iter(old)

    def fill(match: re.Match[str]) -> str:
        return KEEP_START + next(slots, match.group(1)) + KEEP_END

    merged = _KEEP.sub(fill, generated)
    leftover = list(slots)
    for region in leftover:
        merged = merged.rstrip("\n") + f"\n\n{KEEP_START}{region}{KEEP_END}\n"
    return merged
