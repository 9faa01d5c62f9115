"""Skill services: the current text of a skill, and saving a new version of it.

Generation lives in ``generation.py`` and disk sync in ``sync.py``; both save through
``save_version`` here.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from steward.skills import disk
from steward.skills.models import Skill, SkillVersion, content_digest


def skill_name_for(app: str) -> str:
    """The skill that operates a hosted app is named after it (app labels are valid names)."""
    return app.replace("_", "-").lower()


def current_text_by_name(name: str) -> str | None:
    """The current text of a skill: its newest database version, else its file on disk."""
    version = _current_version(name)
    if version is not None:
        return version.content
    return disk.read(name)


def _current_version(name: str) -> SkillVersion | None:
    return SkillVersion.objects.filter(skill__name=name).order_by("-created", "-id").first()


def current_text_for_app(app: str, *, stamp: str | None = None) -> str | None:
    """The SKILL.md text an agent operating ``app`` loads as instructions; None if it has none.

    ``stamp``: the versions' stamp (``VERSIONS_STAMP``), read along with something else. The
    database version read last for this app is reused while the stamp is the same.
    """
    name = skill_name_for(app)
    if stamp is None:
        return current_text_by_name(name)
    seen = _versions_seen.get(name)
    if seen is None or seen[0] != stamp:
        version = _current_version(name)
        seen = _versions_seen[name] = (stamp, version.content if version else None)
    return seen[1] if seen[1] is not None else disk.read(name)


# Changes whenever a version is added or deleted (versions are never edited): the count
# with the newest id. One cheap subquery, for a query that runs anyway.
VERSIONS_STAMP = (
    f"(SELECT count(*) || '.' || coalesce(max(id), 0) FROM {SkillVersion._meta.db_table})"
)
_versions_seen: dict[str, tuple[str, str | None]] = {}


def save_version(
    *,
    name: str,
    content: str,
    author: str,
    app: str = "",
    actions_digest: str = "",
    created: dt.datetime | None = None,
) -> SkillVersion:
    """Record ``content`` as the skill's newest version (or return the current one if unchanged)."""
    with transaction.atomic():
        skill, _created = Skill.objects.select_for_update().get_or_create(
            name=name, defaults={"app": app}
        )
        if app and skill.app != app:
            skill.app = app
            skill.save(update_fields=["app"])
        current = skill.current()
        if current is not None and current.digest == content_digest(content):
            if actions_digest and current.actions_digest != actions_digest:
                current.actions_digest = actions_digest
                current.save(update_fields=["actions_digest"])
            return current
        return SkillVersion.objects.create(
            skill=skill,
            content=content,
            author=author,
            actions_digest=actions_digest,
            created=created or timezone.now(),
        )
