from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import models
from django.db.migrations.recorder import MigrationRecorder

from apps.ideaboard.models import Idea
from steward.actions.registry import actions
from steward.gate.checks import migration_failures
from steward.gate.models import Checkpoint

pytestmark = pytest.mark.django_db


def savegate(app: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("savegate", app, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_it_passes_and_writes_a_checkpoint(ideaboard_skill: Path) -> None:
    Idea.objects.create(title="One", score=3)
    code, out, _ = savegate("ideaboard")
    assert code == 0, out
    checkpoint = Checkpoint.objects.get(app="ideaboard")
    assert checkpoint.actions_digest == actions.digest("ideaboard")
    assert checkpoint.skill_version is not None
    assert checkpoint.skill_version.content == ideaboard_skill.read_text()
    assert checkpoint.migrations and checkpoint.migrations[0].startswith("0001")
    assert [row["fields"]["title"] for row in checkpoint.data] == ["One"]
    assert checkpoint.record_counts == {"ideaboard.idea": 1}
    assert f"checkpoint {checkpoint.pk}" in out


def test_it_fails_naming_a_missing_skill(skills_dir: Path) -> None:
    code, _, err = savegate("ideaboard")
    assert code == 1
    assert "ideaboard has no skill" in err
    assert "skill generate ideaboard --write" in err
    assert not Checkpoint.objects.exists()


def test_it_fails_when_the_skill_was_written_for_other_actions(ideaboard_skill: Path) -> None:
    from steward.skills.services import save_version

    stale = ideaboard_skill.read_text().replace(actions.digest("ideaboard"), "f" * 64)
    save_version(name="ideaboard", content=stale, author="user:alice")
    ideaboard_skill.write_text(stale)
    code, _, err = savegate("ideaboard")
    assert code == 1
    assert "written for other actions" in err


def test_it_fails_when_disk_and_database_differ(ideaboard_skill: Path) -> None:
    ideaboard_skill.write_text(ideaboard_skill.read_text() + "\nEdited.\n")
    code, _, err = savegate("ideaboard")
    assert code == 1
    assert "skill sync" in err


def test_it_fails_naming_an_unapplied_migration(ideaboard_skill: Path) -> None:
    recorder = MigrationRecorder.Migration.objects.filter(app="ideaboard")
    last = recorder.order_by("-name").first()
    assert last is not None
    last.delete()
    code, _, err = savegate("ideaboard")
    assert code == 1
    assert f"Migrations not applied: ideaboard.{last.name}" in err


@pytest.fixture
def unmigrated_field() -> Iterator[None]:
    field = models.CharField(max_length=5, null=True)
    field.contribute_to_class(Idea, "gate_test_extra")
    try:
        yield
    finally:
        Idea._meta.local_fields.remove(field)
        Idea._meta._expire_cache()


def test_it_fails_naming_a_missing_migration(unmigrated_field: None) -> None:
    [failure] = migration_failures("ideaboard")
    assert "makemigrations ideaboard" in failure


def test_a_migrated_app_has_no_migration_failures() -> None:
    assert migration_failures("crm") == []


def test_it_records_a_skill_found_only_on_disk_then_passes(ideaboard_skill: Path) -> None:
    from steward.skills.models import Skill, SkillVersion

    Skill.objects.all().delete()
    code, _, err = savegate("ideaboard")
    assert code == 0, err
    version = SkillVersion.objects.get(skill__name="ideaboard")
    assert version.content == ideaboard_skill.read_text() and version.author == "disk"
    assert Checkpoint.objects.get(app="ideaboard").skill_version == version


def test_it_passes_right_after_set_up_with_the_shipped_skills(settings, tmp_path: Path) -> None:
    import shutil

    from tests.support.servers import ROOT

    shutil.copytree(ROOT / "skills", tmp_path / "skills")  # a sync must never touch the checkout
    settings.STEWARD_SKILLS_DIR = tmp_path / "skills"
    call_command("loaddemo", stdout=StringIO())

    for app in ("ideaboard", "crm", "editorial"):
        code, _, err = savegate(app)
        assert code == 0, f"{app}: {err}"
