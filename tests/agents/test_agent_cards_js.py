"""agent-cards.js (the panel's tool-call cards): outcomes and arguments in words, in node."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CHECK = Path(__file__).with_name("agent_cards_check.mjs")


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
def test_cards_say_outcomes_field_errors_and_arguments_in_plain_words() -> None:
    result = subprocess.run(["node", str(CHECK)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
