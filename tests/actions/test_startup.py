"""A mistaken declaration in an app's actions.py stops start-up with the fix in the message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.servers import ROOT, subprocess_env

APPS_PY = """
from steward.hosting.manifest import HostedAppConfig


class NotesConfig(HostedAppConfig):
    name = "extra_apps_{n}.notes"
    label = "notes{n}"
    title = "Notes"
    description = "Notes for the start-up test."
"""


def start(tmp_path: Path, actions_py: str, n: int) -> subprocess.CompletedProcess[str]:
    package = tmp_path / f"extra_apps_{n}"
    app = package / "notes"
    app.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (app / "__init__.py").write_text("")
    (app / "apps.py").write_text(APPS_PY.format(n=n))
    (app / "actions.py").write_text(actions_py)
    (app / "urls.py").write_text("urlpatterns = []\n")
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT, env=subprocess_env(STEWARD_APPS_DIRS=str(package)), capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("n", "source", "message"),
    [
        (1, "@action(description='')\ndef jot(ctx, *, text: str): ...", "has no description"),
        (2, "@action(description='Jot.')\ndef jot(ctx, *, data: dict): ...",
         "jot(data): the type"),
        (3, "@action(description='Jot.')\ndef jot(ctx): ...\n"
            "@action(description='Jot.', name='jot')\ndef jot2(ctx): ...", "Two actions are named"),
    ],
)  # fmt: skip
def test_start_up_fails_loudly_on_a_bad_declaration(tmp_path, n, source, message):
    result = start(tmp_path, "from steward.actions import action\n" + source, n)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr, result.stderr[
        -3000:
    ]


def test_a_good_actions_module_registers_at_start_up(tmp_path):
    source = (
        "from steward.actions import action\n"
        "@action(description='Jot a note.')\ndef jot(ctx, *, text: str) -> dict: return {}\n"
    )
    package = tmp_path / "extra_apps_9"
    result = start(tmp_path, source, 9)
    assert result.returncode == 0, result.stderr[-3000:]

    listing = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from steward.actions.registry import actions; print(actions.get('notes9', 'jot'))"],
        cwd=ROOT, env=subprocess_env(STEWARD_APPS_DIRS=str(package)), capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert "name='jot'" in listing.stdout, listing.stderr[-3000:]
