"""A probe for tests/test_makefile.py, run only when named: it fails in the embedded pass only.

Its name does not match ``test_*.py``, so the suite never collects it on its own.
"""

import os


def test_the_pass_has_a_database_url() -> None:
    assert os.environ.get("DATABASE_URL"), "the embedded pass (no DATABASE_URL)"
