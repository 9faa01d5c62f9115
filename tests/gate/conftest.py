from pathlib import Path

import pytest


@pytest.fixture
def skills_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path / "skills"
    folder.mkdir()
    settings.STEWARD_SKILLS_DIR = folder
    return folder


@pytest.fixture
def ideaboard_skill(skills_dir: Path) -> Path:
    """The ideaboard skill, generated from the current actions (saved and on disk)."""
    from steward.skills.generation import apply, generate

    apply(generate("ideaboard"))
    return skills_dir / "ideaboard" / "SKILL.md"
