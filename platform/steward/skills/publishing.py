"""What Steward publishes: the well-known discovery index and each skill's current text."""

from __future__ import annotations

from dataclasses import dataclass

from steward.skills import disk
from steward.skills.document import parse
from steward.skills.exceptions import SkillParseError
from steward.skills.models import Skill, content_digest
from steward.skills.services import current_text_by_name

# The discovery index schema of agentskills.io's well-known URI document (version 0.2.0).
INDEX_SCHEMA = "https://schemas.agentskills.io/discovery/0.2.0/schema.json"


@dataclass(frozen=True)
class Published:
    name: str
    description: str
    text: str

    @property
    def url(self) -> str:
        return f"/skills/{self.name}/SKILL.md"

    @property
    def digest(self) -> str:
        return f"sha256:{content_digest(self.text)}"


def published(name: str) -> Published | None:
    text = current_text_by_name(name)
    if text is None:
        return None
    try:
        description = parse(text).description
    except SkillParseError:
        description = ""
    return Published(name=name, description=description, text=text)


def all_published() -> list[Published]:
    names = sorted(set(disk.names()) | set(Skill.objects.values_list("name", flat=True)))
    return [p for p in map(published, names) if p is not None]


def index() -> dict[str, object]:
    """The ``/.well-known/agent-skills/index.json`` document."""
    return {
        "$schema": INDEX_SCHEMA,
        "skills": [
            {
                "name": p.name,
                "type": "skill-md",
                "description": p.description,
                "url": p.url,
                "digest": p.digest,
            }
            for p in all_published()
        ],
    }
