from pathlib import Path

import pytest


@pytest.fixture
def skills_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """An empty skills folder for the test (never the repository's skills/)."""
    folder = tmp_path / "skills"
    folder.mkdir()
    settings.STEWARD_SKILLS_DIR = folder
    return folder


def skill_md(name: str, line: str = "Do the thing.") -> str:
    return f"---\nname: {name}\ndescription: Operate {name}.\n---\n\n# {name}\n\n{line}\n"
