from pathlib import Path

import pytest
import skills_ref

from steward.skills.validation import validate_text

BODY = "\n# Steps\n\nDo the thing.\n"


def skill(front: str, body: str = BODY) -> str:
    return f"---\n{front}\n---\n{body}"


GOOD = {
    "pdf-processing": skill("name: pdf-processing\ndescription: Extract PDF text. Use for PDFs."),
    "crm": skill(
        "name: crm\ndescription: Operate the CRM.\nlicense: MIT\n"
        "metadata:\n  steward-app: crm\n  version: '1.0'"
    ),
    "a1-b2": skill("name: a1-b2\ndescription: x\ncompatibility: Needs network access"),
    "n" * 64: skill(f"name: {'n' * 64}\ndescription: Longest allowed name."),
}

BAD = {
    "PDF-Processing": skill("name: PDF-Processing\ndescription: Upper case."),
    "-pdf": skill("name: -pdf\ndescription: Leading hyphen."),
    "pdf-": skill("name: pdf-\ndescription: Trailing hyphen."),
    "pdf--processing": skill("name: pdf--processing\ndescription: Double hyphen."),
    "folder": skill("name: other-name\ndescription: Name differs from folder."),
    "n" * 65: skill(f"name: {'n' * 65}\ndescription: Too long a name."),
    "no-description": skill("name: no-description"),
    "empty-description": skill("name: empty-description\ndescription: ''"),
    "long-description": skill("name: long-description\ndescription: " + "d" * 1025),
    "extra-key": skill("name: extra-key\ndescription: x\nversion: 2"),
    "no-name": skill("description: Missing the name."),
    "no-front-matter": "# Just markdown\n",
    "unclosed": "---\nname: unclosed\ndescription: x\n",
    "long-compat": skill("name: long-compat\ndescription: x\ncompatibility: " + "c" * 501),
    "under_score": skill("name: under_score\ndescription: Underscores are not allowed."),
}


def write(tmp_path: Path, folder: str, text: str) -> Path:
    directory = tmp_path / folder
    directory.mkdir()
    (directory / "SKILL.md").write_text(text)
    return directory


@pytest.mark.parametrize("folder", sorted(GOOD))
def test_it_accepts_a_valid_skill_like_skills_ref_does(tmp_path: Path, folder: str) -> None:
    directory = write(tmp_path, folder, GOOD[folder])
    assert skills_ref.validate(directory) == []
    assert validate_text(GOOD[folder], folder=folder) == []


@pytest.mark.parametrize("folder", sorted(BAD))
def test_it_rejects_an_invalid_skill_like_skills_ref_does(tmp_path: Path, folder: str) -> None:
    directory = write(tmp_path, folder, BAD[folder])
    assert skills_ref.validate(directory) != []
    assert validate_text(BAD[folder], folder=folder) != []


def test_it_rejects_a_skill_without_instructions() -> None:
    problems = validate_text(skill("name: empty\ndescription: x", body="\n"), folder="empty")
    assert any("body" in p for p in problems)


def test_its_messages_say_how_to_fix_the_name() -> None:
    [problem] = validate_text(skill("name: Idea-Board\ndescription: x"), folder="Idea-Board")
    assert "lowercase" in problem


FIX_WORDS = ("add", "write", "remove", "rename", "shorten", "use", "replace", "move", "put", "say")


@pytest.mark.parametrize("folder", sorted(BAD))
def test_every_problem_says_how_to_fix_it(folder: str) -> None:
    for problem in validate_text(BAD[folder], folder=folder):
        _, _, fix = problem.rpartition(": ")
        assert any(word in fix.lower().split() for word in FIX_WORDS), problem
