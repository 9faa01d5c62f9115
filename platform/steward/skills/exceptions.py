"""Errors of the skills package."""

from __future__ import annotations


class SkillError(Exception):
    """Base of every skills error."""


class SkillParseError(SkillError, ValueError):
    """A SKILL.md text has no readable YAML front matter."""


class InvalidSkill(SkillError, ValueError):
    """A SKILL.md text breaks the Agent Skills specification; ``problems`` lists each rule."""

    def __init__(self, name: str, problems: list[str]) -> None:
        super().__init__(f"Skill {name!r} is invalid: " + "; ".join(problems))
        self.name = name
        self.problems = problems
