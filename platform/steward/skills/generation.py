"""``skill generate``: render an app's skill, keep its hand-written regions, diff before writing."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db import transaction

from steward.skills import disk
from steward.skills.document import restore_kept
from steward.skills.exceptions import InvalidSkill
from steward.skills.models import Skill, SkillVersion, content_digest
from steward.skills.rendering import render_app_skill
from steward.skills.services import current_text_by_name, save_version, skill_name_for
from steward.skills.validation import validate_text


@dataclass(frozen=True)
class Generated:
    """A freshly generated skill text and how it differs from the one it would replace."""

    name: str
    app: str
    text: str
    previous: str | None
    actions_digest: str

    @property
    def changed(self) -> bool:
        return self.previous != self.text

    @property
    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                (self.previous or "").splitlines(keepends=True),
                self.text.splitlines(keepends=True),
                fromfile=f"a/{self.name}/SKILL.md",
                tofile=f"b/{self.name}/SKILL.md",
            )
        )


def actions_digest(app: str) -> str:
    from steward.actions.registry import actions

    return str(actions.digest(app))


def generate(app: str) -> Generated:
    """Render ``app``'s skill from its manifest and actions; nothing is written.

    The text it would replace is the file on disk (else the newest database version); its
    hand-written regions are carried over.
    """
    from steward.actions.registry import actions
    from steward.hosting.registry import hosted_apps

    hosted = hosted_apps.get(app)
    name = skill_name_for(app)
    previous = disk.read(name) or current_text_by_name(name)
    digest = actions_digest(app)
    text = render_app_skill(
        name=name,
        app=app,
        title=hosted.title,
        about=hosted.description,
        specs=sorted(actions.for_app(app), key=lambda s: s.name),
        actions_digest=digest,
    )
    text = restore_kept(text, previous)
    return Generated(name=name, app=app, text=text, previous=previous, actions_digest=digest)


def apply(generated: Generated, *, author: str = "generator") -> SkillVersion:
    """Save the generated text as the skill's newest version and write it to disk."""
    problems = validate_text(generated.text, folder=generated.name)
    if problems:
        raise InvalidSkill(generated.name, problems)
    with transaction.atomic():
        version = save_version(
            name=generated.name,
            app=generated.app,
            content=generated.text,
            author=author,
            actions_digest=generated.actions_digest,
        )
        disk.write(generated.name, generated.text)
        Skill.objects.filter(pk=version.skill_id).update(
            synced_digest=content_digest(generated.text)
        )
    return version
