"""``skill sync``: make disk and database agree; the newest text wins, conflicts are reported.

When only one side changed since the last sync (``Skill.synced_digest``), that side wins
whatever the file times say (a git checkout touches files without changing them). A
conflict is a skill changed on both sides: it is reported, the newest text wins, and the
losing disk text stays in the version history (dated when it was written).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from steward.skills import disk
from steward.skills.document import parse
from steward.skills.exceptions import SkillParseError
from steward.skills.models import Skill, SkillVersion, content_digest
from steward.skills.rendering import APP_KEY, DIGEST_KEY
from steward.skills.services import save_version
from steward.skills.validation import validate_text


@dataclass
class SyncReport:
    to_database: list[str] = field(default_factory=list)
    to_disk: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    invalid: dict[str, list[str]] = field(default_factory=dict)


def sync(names: list[str] | None = None) -> SyncReport:
    """Sync the named skills (default: every skill on disk or in the database)."""
    report = SyncReport()
    known = names or sorted(set(disk.names()) | set(Skill.objects.values_list("name", flat=True)))
    for name in known:
        _sync_one(name, report)
    return report


def record_disk_only(name: str) -> bool:
    """Record a skill found only on disk (as shipped, right after set-up) in the database.

    With no database version nothing can conflict, so this is exactly what ``skill sync``
    does for it; Save Gate calls it so a fresh platform passes without a manual sync.
    Returns whether the disk text is now the skill's first version.
    """
    if SkillVersion.objects.filter(skill__name=name).exists() or disk.read(name) is None:
        return False
    return name in sync([name]).to_database


def _meta(text: str) -> dict[str, str]:
    try:
        return parse(text).metadata
    except SkillParseError:
        return {}


def _disk_wins(
    skill: Skill | None,
    current: SkillVersion | None,
    on_disk: str | None,
    disk_time: dt.datetime,
    report: SyncReport,
    name: str,
) -> bool:
    """Which side to keep. One side changed since the last sync: that side. Both changed (or
    they never agreed): a conflict, reported, and the newer text wins."""
    if on_disk is None:
        return False
    if current is None:
        return True
    base = skill.synced_digest if skill else ""
    disk_changed = content_digest(on_disk) != base
    db_changed = current.digest != base
    if disk_changed != db_changed:
        return disk_changed
    report.conflicts.append(name)
    return disk_time > current.created


def _sync_one(name: str, report: SyncReport) -> None:
    on_disk = disk.read(name)
    if on_disk is not None:
        problems = validate_text(on_disk, folder=name)
        if problems:
            report.invalid[name] = problems
            return
    with transaction.atomic():
        skill = Skill.objects.select_for_update().filter(name=name).first()
        current = skill.current() if skill else None
        if current is None and on_disk is None:
            return
        if on_disk is not None and current is not None and current.content == on_disk:
            Skill.objects.filter(pk=current.skill_id).update(synced_digest=current.digest)
            report.unchanged.append(name)
            return
        disk_time = disk.modified(name) or timezone.now()
        if _disk_wins(skill, current, on_disk, disk_time, report, name):
            assert on_disk is not None
            meta = _meta(on_disk)
            version = save_version(
                name=name,
                app=meta.get(APP_KEY, ""),
                content=on_disk,
                author="disk",
                actions_digest=meta.get(DIGEST_KEY, ""),
            )
            Skill.objects.filter(pk=version.skill_id).update(synced_digest=version.digest)
            report.to_database.append(name)
            return
        assert current is not None
        if on_disk is not None and name in report.conflicts:
            # Keep the losing disk text in the history, dated when it was written.
            SkillVersion.objects.create(
                skill=current.skill,
                content=on_disk,
                author="disk (lost a sync conflict)",
                actions_digest=_meta(on_disk).get(DIGEST_KEY, ""),
                created=disk_time,
            )
        disk.write(name, current.content)
        Skill.objects.filter(pk=current.skill_id).update(synced_digest=current.digest)
        report.to_disk.append(name)
