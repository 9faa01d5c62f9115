"""The README's commands work as written in a fresh shell."""

from __future__ import annotations

import os
import re
import subprocess

from tests.support.servers import ROOT

README = (ROOT / "README.md").read_text()


def test_the_readme_says_how_to_run_manage_py_before_its_first_manage_py_line() -> None:
    first = re.search(r"(?<!bin/)python manage\.py [a-z]", README)
    assert first is not None
    before = README[: first.start()]
    assert "source .venv/bin/activate" in before and ".venv/bin/python manage.py" in README


def test_the_way_the_readme_gives_runs_manage_py_in_a_shell_without_the_venv() -> None:
    # A fresh shell: no virtualenv on PATH, nothing activated.
    env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp")}
    for line in ("source .venv/bin/activate && python manage.py help",
                 ".venv/bin/python manage.py help"):  # fmt: skip
        result = subprocess.run(["bash", "-c", line], cwd=ROOT, env=env, capture_output=True,
                                text=True, timeout=120)  # fmt: skip
        assert result.returncode == 0, line + "\n" + result.stderr
        assert "verify_audit" in result.stdout
