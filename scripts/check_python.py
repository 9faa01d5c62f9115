"""Refuse to build the virtual environment on a Python older than 3.11."""

import sys

if sys.version_info < (3, 11):  # noqa: UP036 (this script runs on any python3)
    found = ".".join(map(str, sys.version_info[:3]))
    sys.exit(
        f"Steward needs Python 3.11 or newer; {sys.executable} is {found}. "
        "Install a newer python3, or run: make PYTHON=/path/to/python3.11 run"
    )
