from pathlib import Path

import pytest
from django.core.management import call_command

from steward.actions.registry import actions
from steward.skills.generation import apply, generate
from steward.skills.models import SkillVersion
from steward.skills.validation import validate_text

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("skill", *args, stdout=out)
    return out.getvalue()


def test_it_shows_a_diff_and_writes_nothing_without_write(skills_dir: Path) -> None:
    output = run("generate", "ideaboard")
    assert "+### `add_idea`" in output
    assert "--write" in output
    assert not (skills_dir / "ideaboard").exists()
    assert not SkillVersion.objects.exists()


def test_write_saves_a_valid_version_and_the_file(skills_dir: Path) -> None:
    run("generate", "ideaboard", "--write")
    text = (skills_dir / "ideaboard" / "SKILL.md").read_text()
    assert validate_text(text, folder="ideaboard") == []
    version = SkillVersion.objects.get(skill__name="ideaboard")
    assert version.content == text
    assert version.actions_digest == actions.digest("ideaboard")
    assert "up to date" in run("generate", "ideaboard")


def test_regenerating_keeps_hand_written_notes_on_disk(skills_dir: Path) -> None:
    apply(generate("crm"))
    path = skills_dir / "crm" / "SKILL.md"
    path.write_text(path.read_text().replace("## Notes from the team", "## Notes\n\nBe brief."))
    regenerated = generate("crm")
    assert "Be brief." in regenerated.text
    assert not regenerated.changed


def test_an_unknown_app_is_a_command_error(skills_dir: Path) -> None:
    with pytest.raises(Exception, match="Hosted apps"):
        run("generate", "nope")
