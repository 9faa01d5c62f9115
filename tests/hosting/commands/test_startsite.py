"""startsite scaffolds a working app; a bad name is refused and nothing is written."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[3]

DASHBOARD_CHECK = """
from django.contrib.auth import get_user_model
from django.test import Client
from helpdesk_apps.helpdesk.models import Item
Item.objects.create(title="Printer on fire")
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(get_user_model().objects.create_superuser("boss", password="x-x-x-x"))
dashboard = client.get("/").content.decode()
assert 'data-app="helpdesk"' in dashboard, dashboard
page = client.get("/apps/helpdesk/")
assert page.status_code == 200 and "Printer on fire" in page.content.decode()
print("DASHBOARD OK")
"""


@pytest.fixture
def apps_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "helpdesk_apps"
    directory.mkdir()
    (directory / "__init__.py").write_text("")
    return directory


def _startsite(name: str, directory: Path) -> str:
    out = StringIO()
    call_command("startsite", name, "--directory", str(directory), stdout=out)
    return out.getvalue()


def test_it_scaffolds_an_app_that_migrates_and_appears_on_the_dashboard(
    apps_dir: Path, tmp_path: Path
) -> None:
    output = _startsite("helpdesk", apps_dir)
    app = apps_dir / "helpdesk"
    for relative in [
        "__init__.py",
        "apps.py",
        "models.py",
        "actions.py",
        "urls.py",
        "views.py",
        "templates/helpdesk/index.html",
        "migrations/__init__.py",
        "tests/test_helpdesk.py",
    ]:
        assert (app / relative).is_file(), relative
    assert "makemigrations helpdesk" in output
    assert 'name = "helpdesk_apps.helpdesk"' in (app / "apps.py").read_text()
    assert "from steward.actions import action" in (app / "actions.py").read_text()
    assert '{% extends "base.html" %}' in (app / "templates/helpdesk/index.html").read_text()

    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env |= {
        "STEWARD_APPS_DIRS": str(apps_dir),
        "STEWARD_DATA_DIR": str(tmp_path / "data"),
        "DJANGO_SETTINGS_MODULE": "steward.settings",
    }

    def manage(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    manage("makemigrations", "helpdesk")
    assert (app / "migrations" / "0001_initial.py").is_file()
    manage("migrate", "--noinput")
    assert "DASHBOARD OK" in manage("shell", "-c", DASHBOARD_CHECK)

    # The scaffolded test module passes as generated.
    tests = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(app / "tests"),
            "-q",
            "-c",
            str(ROOT / "pyproject.toml"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "2 passed" in tests.stdout


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("HelpDesk", "lowercase Python identifier"),
        ("help-desk", "lowercase Python identifier"),
        ("2fast", "lowercase Python identifier"),
        ("class", "Python keyword"),
        ("match", "Python keyword"),
        ("crm", "clashes with an installed Django app label"),
        ("admin", "clashes with an installed Django app label"),
        ("sessions", "clashes with an installed Django app label"),
        ("live", "clashes with an installed Django app label"),
        ("json", "importable Python module"),
        ("redis", "importable Python module"),
    ],
)
def test_it_refuses_a_bad_name_and_writes_nothing(apps_dir: Path, name: str, reason: str) -> None:
    with pytest.raises(CommandError, match=reason) as refused:
        _startsite(name, apps_dir)
    assert "Nothing was written" in str(refused.value)
    assert sorted(p.name for p in apps_dir.iterdir()) == ["__init__.py"]


def test_it_refuses_a_name_whose_folder_already_exists(apps_dir: Path) -> None:
    (apps_dir / "wiki").mkdir()
    with pytest.raises(CommandError, match="already exists"):
        _startsite("wiki", apps_dir)
    assert list((apps_dir / "wiki").iterdir()) == []


def test_the_scaffolded_files_pass_the_projects_linters_as_generated(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys
    from pathlib import Path

    from steward.hosting.scaffolding import startsite

    root = Path(__file__).resolve().parents[3]
    package = tmp_path / "apps"  # as in the repository: apps/<name>/
    package.mkdir()
    (package / "__init__.py").write_text("")
    startsite("helpdesk", package)

    for command in (["check"], ["format", "--check"]):
        ruff = subprocess.run(
            [sys.executable, "-m", "ruff", *command, str(package), "--config",
             str(root / "pyproject.toml")],
            capture_output=True, text=True,
        )  # fmt: skip
        assert ruff.returncode == 0, ruff.stdout + ruff.stderr
