"""The Agent Skills specification's rules for a SKILL.md, judged by skills-ref.

skills-ref is the specification's reference library (agentskills.io): it parses the front
matter and applies the rules, so Steward and every other tool agree on what a valid skill is.
This module only adds how to fix each problem it reports, and Steward's own rule that a skill
has instructions.
"""

from __future__ import annotations

import re
from pathlib import Path

from skills_ref.errors import ParseError
from skills_ref.parser import parse_frontmatter
from skills_ref.validator import MAX_DESCRIPTION_LENGTH, validate_metadata

MAX_DESCRIPTION = MAX_DESCRIPTION_LENGTH

# skills-ref says what is wrong; each fix says what to write instead (first match wins).
_FIXES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), fix)
    for pattern, fix in (
        (r"^SKILL\.md must start with", "put the front matter between two '---' lines at the top."),
        (r"not properly closed", "add a '---' line after the front matter."),
        (r"^Invalid YAML", "write plain 'key: value' lines (no {...} or [...] flow style)."),
        (r"must be a YAML mapping", "write the front matter as 'key: value' lines."),
        (r"^Unexpected fields", "move the other keys under 'metadata' (string keys and values)."),
        (r"required field in frontmatter: name", "add 'name:' with the skill's folder name."),
        (r"required field in frontmatter: description", "add 'description:' (what and when)."),
        (r"^Field 'name'", "write a lowercase-hyphen name like 'idea-board'."),
        (r"character limit", "shorten it to the limit."),
        (r"must be lowercase", "write it in lowercase letters, like 'idea-board'."),
        (r"start or end with a hyphen", "remove the leading or trailing hyphen."),
        (r"consecutive hyphens", "use single hyphens between words."),
        (r"invalid characters", "replace underscores, spaces and dots with hyphens."),
        (r"^Directory name", "rename the folder or the 'name' so they are equal."),
        (r"^Field 'description'", "say what the skill does and when to use it."),
        (r"^Field 'compatibility'", "write it as plain text."),
    )
)


def _with_fix(problem: str) -> str:
    for pattern, fix in _FIXES:
        if pattern.search(problem):
            return f"{problem.rstrip('.')}: {fix}"
    return problem


def validate_text(text: str, folder: str | None = None) -> list[str]:
    """Every rule the text breaks, as messages that say how to fix it; empty when valid.

    ``folder`` is the skill's folder name; the spec requires ``name`` to equal it.
    """
    try:
        front_matter, body = parse_frontmatter(text)
    except ParseError as exc:
        return [_with_fix(str(exc))]
    problems = validate_metadata(front_matter, Path(folder) if folder is not None else None)
    if not body:
        problems.append("The Markdown body after the front matter is empty; write instructions.")
    return [_with_fix(problem) for problem in problems]
