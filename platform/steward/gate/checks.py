"""The Save Gate's checks. Each returns a list of failures that say how to fix them."""

from __future__ import annotations

from django.apps import apps
from django.db import connection
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.questioner import NonInteractiveMigrationQuestioner
from django.db.migrations.state import ProjectState

from steward.skills import disk
from steward.skills.document import parse
from steward.skills.exceptions import SkillParseError
from steward.skills.models import SkillVersion
from steward.skills.rendering import DIGEST_KEY
from steward.skills.services import current_text_by_name, skill_name_for
from steward.skills.sync import record_disk_only
from steward.skills.validation import validate_text


def migration_failures(app: str) -> list[str]:
    executor = MigrationExecutor(connection)
    loader = executor.loader
    leaves = [node for node in loader.graph.leaf_nodes() if node[0] == app]
    failures = []
    plan = executor.migration_plan(leaves)
    pending = [f"{m.app_label}.{m.name}" for m, backwards in plan if not backwards]
    if pending:
        failures.append(
            f"Migrations not applied: {', '.join(pending)}. Run: python manage.py migrate {app}"
        )
    autodetector = MigrationAutodetector(
        loader.project_state(),
        ProjectState.from_apps(apps),
        NonInteractiveMigrationQuestioner(specified_apps={app}, dry_run=True),
    )
    changes = autodetector.changes(graph=loader.graph, trim_to_apps={app})
    if changes.get(app):
        failures.append(
            f"Model changes without a migration in {app}. Run: python manage.py makemigrations "
            f"{app}, review it (python manage.py reviewmodel {app}), then migrate."
        )
    return failures


def applied_migrations(app: str) -> list[str]:
    executor = MigrationExecutor(connection)
    applied = executor.loader.applied_migrations
    return sorted(name for label, name in applied if label == app)


def action_failures(app: str) -> list[str]:
    from steward.actions.registry import actions

    specs = actions.for_app(app)
    if not specs:
        return [f"{app} has no Safe Actions. Declare them with @action in apps/{app}/actions.py."]
    return [
        f"Action {app}.{s.name} has no description. Say what it does in @action(description=…)."
        for s in specs
        if not s.description.strip()
    ]


def skill_failures(app: str) -> list[str]:
    from steward.actions.registry import actions

    name = skill_name_for(app)
    record_disk_only(name)  # a shipped skill, never synced: nothing to decide, so record it
    text = current_text_by_name(name)
    regenerate = f"Run: python manage.py skill generate {app} --write"
    if text is None:
        return [f"{app} has no skill. {regenerate}"]
    problems = [f"Skill {name}: {p}" for p in validate_text(text, folder=name)]
    if problems:
        return problems
    try:
        recorded = parse(text).metadata.get(DIGEST_KEY, "")
    except SkillParseError:  # pragma: no cover - validate_text caught it
        recorded = ""
    if recorded != actions.digest(app):
        problems.append(
            f"Skill {name} was written for other actions than {app} has now. {regenerate}"
        )
    missing = [s.name for s in actions.for_app(app) if f"`{s.name}`" not in text]
    if missing:
        problems.append(f"Skill {name} does not document {', '.join(missing)}. {regenerate}")
    on_disk = disk.read(name)
    if not SkillVersion.objects.filter(skill__name=name).exists():
        problems.append(
            f"Skill {name} is only on disk, so a checkpoint could not record its version. "
            "Run: python manage.py skill sync"
        )
    elif on_disk is not None and on_disk != text:
        problems.append(
            f"Skill {name} differs between disk and database. Run: python manage.py skill sync"
        )
    return problems


def failures(app: str) -> list[str]:
    """Every failed check for ``app``; empty when the gate passes."""
    return migration_failures(app) + action_failures(app) + skill_failures(app)
