import datetime as dt
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from steward.skills.models import Skill, SkillVersion
from steward.skills.services import save_version
from steward.skills.sync import sync
from tests.skills.conftest import skill_md

pytestmark = pytest.mark.django_db


def put(skills_dir: Path, name: str, text: str, age_seconds: float = 0) -> Path:
    (skills_dir / name).mkdir(exist_ok=True)
    path = skills_dir / name / "SKILL.md"
    path.write_text(text)
    stamp = (timezone.now() - dt.timedelta(seconds=age_seconds)).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def test_a_skill_only_on_disk_is_imported(skills_dir: Path) -> None:
    put(skills_dir, "crm", skill_md("crm"))
    report = sync()
    assert report.to_database == ["crm"]
    assert Skill.objects.get(name="crm").current().content == skill_md("crm")  # type: ignore[union-attr]


def test_a_skill_only_in_the_database_is_written_to_disk(skills_dir: Path) -> None:
    save_version(name="crm", content=skill_md("crm"), author="user:alice")
    report = sync()
    assert report.to_disk == ["crm"]
    assert (skills_dir / "crm" / "SKILL.md").read_text() == skill_md("crm")


def test_the_newer_disk_edit_wins(skills_dir: Path) -> None:
    save_version(
        name="crm",
        content=skill_md("crm"),
        author="generator",
        created=timezone.now() - dt.timedelta(hours=1),
    )
    put(skills_dir, "crm", skill_md("crm", "Edited on disk."))
    sync()
    assert "Edited on disk." in Skill.objects.get(name="crm").current().content  # type: ignore[union-attr]


def test_a_change_on_both_sides_is_reported_and_the_loser_kept(skills_dir: Path) -> None:
    put(skills_dir, "crm", skill_md("crm"), age_seconds=600)
    sync()  # both sides now agree on the base text
    put(skills_dir, "crm", skill_md("crm", "Disk edit."), age_seconds=300)
    save_version(name="crm", content=skill_md("crm", "Admin edit."), author="user:carol")
    report = sync()
    assert report.conflicts == ["crm"]
    assert "Admin edit." in (skills_dir / "crm" / "SKILL.md").read_text()
    kept = SkillVersion.objects.filter(skill__name="crm", content__contains="Disk edit.")
    assert kept.exists()


def test_an_invalid_file_is_reported_and_not_imported(skills_dir: Path) -> None:
    put(skills_dir, "crm", skill_md("not-crm"))
    report = sync()
    assert "crm" in report.invalid
    assert not Skill.objects.filter(name="crm").exists()


def test_the_command_fails_on_an_invalid_skill(skills_dir: Path) -> None:
    put(skills_dir, "crm", skill_md("not-crm"))
    with pytest.raises(Exception, match="invalid"):
        call_command("skill", "validate")


def test_a_database_edit_wins_over_an_untouched_file_with_a_newer_time(skills_dir: Path) -> None:
    put(skills_dir, "crm", skill_md("crm"), age_seconds=600)
    sync()
    save_version(name="crm", content=skill_md("crm", "Admin edit."), author="user:carol")
    put(skills_dir, "crm", skill_md("crm"), age_seconds=0)  # touched (a checkout), not changed
    report = sync()
    assert report.to_disk == ["crm"] and report.conflicts == []
    assert "Admin edit." in (skills_dir / "crm" / "SKILL.md").read_text()


def test_a_disk_edit_becomes_the_newest_version_even_with_an_old_file_time(
    skills_dir: Path,
) -> None:
    put(skills_dir, "crm", skill_md("crm"), age_seconds=600)
    sync()
    put(skills_dir, "crm", skill_md("crm", "Disk edit."), age_seconds=3600)
    report = sync()
    assert report.to_database == ["crm"] and report.conflicts == []
    assert "Disk edit." in Skill.objects.get(name="crm").current().content  # type: ignore[union-attr]
