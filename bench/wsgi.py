"""The benchmarks' WSGI app (``gunicorn bench.wsgi``): Steward's, with ``bench.urls``."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from steward.wsgi import application

__all__ = ["application"]
