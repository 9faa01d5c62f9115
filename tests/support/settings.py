"""Settings for servers that tests start and need to reach into: Steward's, plus the hooks.

``daphne_server(tmp_path, settings=HOOKS_SETTINGS)`` serves ``tests.support.urls``, which adds
``POST /__live__/close`` (cut live sockets server-side). Steward itself never routes it.
"""

from steward.settings import *  # noqa: F403

ROOT_URLCONF = "tests.support.urls"
