"""Settings for bench/bench_actions.py only: Steward's settings plus a bench URLconf.

The URLconf adds a plain DRF view (the benchmark's baseline). It refuses to load unless
STEWARD_BENCH_BASELINE=1, so it can never be served by accident.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from steward.settings import *  # noqa: F403

if os.environ.get("STEWARD_BENCH_BASELINE") != "1":
    raise ImproperlyConfigured(
        "steward.actions.bench_settings is for bench/bench_actions.py only. Use "
        "DJANGO_SETTINGS_MODULE=steward.settings, or set STEWARD_BENCH_BASELINE=1 to benchmark."
    )

ROOT_URLCONF = "steward.actions.bench_urls"
