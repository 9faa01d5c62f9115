"""An app made with startsite gets the agent panel and the staff tools with no code of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]

PANEL_CHECK = """
from django.contrib.auth import get_user_model
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(get_user_model().objects.create_superuser("boss", password="x-x-x-x"))
page = client.get("/apps/helpdesk/").content.decode()
assert 'role="region" aria-label="Agent"' in page, page
assert '"start": "/apps/helpdesk/agent/sessions/"' in page, page
assert 'href="/admin/"' in page, page
assert "Staff tools" in page and "/apps/helpdesk/model/" in page, page
created = client.post("/apps/helpdesk/agent/sessions/", {"title": "hello"})
assert created.status_code == 201, created.content
print("PANEL OK")
"""


def test_a_scaffolded_app_has_the_agent_panel_without_edits(tmp_path: Path) -> None:
    apps_dir = tmp_path / "helpdesk_apps"
    apps_dir.mkdir()
    (apps_dir / "__init__.py").write_text("")
    call_command("startsite", "helpdesk", "--directory", str(apps_dir), stdout=StringIO())
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
    manage("migrate", "--noinput")
    assert "PANEL OK" in manage("shell", "-c", PANEL_CHECK)
