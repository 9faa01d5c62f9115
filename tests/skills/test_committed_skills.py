"""The SKILL.md files committed under skills/ are valid and match the current actions."""

from __future__ import annotations

from pathlib import Path

import pytest
import skills_ref
from django.conf import settings

from steward.actions.registry import actions
from steward.skills.document import parse
from steward.skills.rendering import DIGEST_KEY
from steward.skills.validation import validate_text

ROOT = Path(settings.BASE_DIR) / "skills"
FOLDERS = sorted(p.parent for p in ROOT.glob("*/SKILL.md"))


def test_the_app_builder_and_each_demo_app_have_a_skill() -> None:
    assert {f.name for f in FOLDERS} >= {"steward-app-builder", "ideaboard", "crm", "editorial"}


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.name)
def test_each_committed_skill_is_valid_by_both_validators(folder: Path) -> None:
    text = (folder / "SKILL.md").read_text()
    assert validate_text(text, folder=folder.name) == []
    assert skills_ref.validate(folder) == []


@pytest.mark.parametrize("app", ["ideaboard", "crm", "editorial"])
def test_each_app_skill_was_generated_from_the_current_actions(app: str) -> None:
    text = (ROOT / app / "SKILL.md").read_text()
    assert parse(text).metadata[DIGEST_KEY] == actions.digest(app), (
        f"Regenerate it: python manage.py skill generate {app} --write"
    )


def test_the_app_builder_teaches_the_platform_commands() -> None:
    text = (ROOT / "steward-app-builder" / "SKILL.md").read_text()
    commands = ("startsite", "reviewmodel", "@action", "skill generate", "savegate", "prove_loop")
    for command in commands:
        assert command in text
