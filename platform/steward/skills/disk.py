"""The skills folder on disk: settings.STEWARD_SKILLS_DIR/<name>/SKILL.md."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings

FILE_NAME = "SKILL.md"


def skills_dir() -> Path:
    return Path(settings.STEWARD_SKILLS_DIR)


def skill_path(name: str) -> Path:
    return skills_dir() / name / FILE_NAME


def read(name: str) -> str | None:
    path = skill_path(name)
    return path.read_text(encoding="utf-8") if path.is_file() else None


def write(name: str, text: str) -> Path:
    path = skill_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".md.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)  # atomic: a reader never sees half a file
    return path


def modified(name: str) -> dt.datetime | None:
    path = skill_path(name)
    if not path.is_file():
        return None
    return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)


def names() -> list[str]:
    """Folder names under the skills folder that hold a SKILL.md."""
    root = skills_dir()
    if not root.is_dir():
        return []
    return sorted(p.parent.name for p in root.glob(f"*/{FILE_NAME}"))
