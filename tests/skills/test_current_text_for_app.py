from pathlib import Path

import pytest

from steward.skills.services import current_text_for_app, save_version

pytestmark = pytest.mark.django_db

TEXT = "---\nname: ideaboard\ndescription: Operate the idea board.\n---\n\n# Idea Board\n"


@pytest.fixture(autouse=True)
def _isolated(skills_dir: Path) -> None:
    pass


def test_it_returns_none_for_an_app_without_a_skill() -> None:
    assert current_text_for_app("ideaboard") is None


def test_it_falls_back_to_the_file_on_disk(skills_dir: Path) -> None:
    (skills_dir / "ideaboard").mkdir()
    (skills_dir / "ideaboard" / "SKILL.md").write_text(TEXT)
    assert current_text_for_app("ideaboard") == TEXT


def test_it_prefers_the_newest_database_version(skills_dir: Path) -> None:
    (skills_dir / "ideaboard").mkdir()
    (skills_dir / "ideaboard" / "SKILL.md").write_text(TEXT)
    save_version(name="ideaboard", app="ideaboard", content=TEXT + "v1\n", author="generator")
    save_version(name="ideaboard", app="ideaboard", content=TEXT + "v2\n", author="user:alice")
    assert current_text_for_app("ideaboard") == TEXT + "v2\n"


def test_saving_the_same_text_twice_keeps_one_version() -> None:
    first = save_version(name="crm", app="crm", content=TEXT, author="generator")
    again = save_version(name="crm", app="crm", content=TEXT, author="generator")
    assert first.pk == again.pk
    assert len(first.digest) == 64
