"""A hosted app from STEWARD_APPS_DIRS, without a urls.py, served like any other (issue 11, 8).

Each test runs a real ``manage.py`` in a child process: the URL map and the hosted-app
registry are built at start-up, from the folders the environment names.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.servers import ROOT, subprocess_env

APPS_PY = """
from steward.hosting.manifest import HostedAppConfig


class HelpdeskConfig(HostedAppConfig):
    name = "{package}.helpdesk"
    label = "helpdesk"
    title = "Helpdesk"
    description = "Tickets from customers, answered by the team."
"""

PROBE = """
import json
from django.contrib.auth import get_user_model
from django.test import Client
admin = get_user_model().objects.create_superuser("root-probe", "", "pw")
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(admin)
print(json.dumps({
    "page": client.get("/apps/helpdesk/").status_code,
    "stream": client.get("/streams/apps/helpdesk?offset=-1").status_code,
    "api": [a["name"] for a in client.get("/api/apps/").json()["apps"]],
}))
"""


@pytest.fixture
def extra_apps(tmp_path: Path) -> Path:
    package = tmp_path / "team_apps"
    (package / "helpdesk").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "helpdesk" / "__init__.py").write_text("")
    (package / "helpdesk" / "apps.py").write_text(APPS_PY.format(package="team_apps"))
    return package


def _manage(tmp_path: Path, extra: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = subprocess_env(STEWARD_APPS_DIRS=str(extra), STEWARD_DATA_DIR=str(tmp_path / "var"))
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)  # a fresh embedded database of its own
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_an_extra_app_without_urls_starts_and_serves_its_page_and_live_feed(
    tmp_path: Path, extra_apps: Path
) -> None:
    migrated = _manage(tmp_path, extra_apps, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr

    probe = _manage(tmp_path, extra_apps, "shell", "-c", PROBE)

    assert probe.returncode == 0, probe.stderr
    seen = json.loads(probe.stdout.strip().splitlines()[-1])
    assert seen == {
        "page": 200,
        "stream": 200,
        "api": ["crm", "editorial", "helpdesk", "ideaboard"],
    }
