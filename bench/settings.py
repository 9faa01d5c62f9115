"""Settings for the benchmarks only: Steward's settings plus the baselines' routes.

Served by bench/ alone (``bench.asgi`` under daphne, ``bench.wsgi`` under gunicorn); the
package never ships it. Adds the plain DRF view (``bench.urls``) and, with Redis, the stock
channels-redis layer that the live benchmark's baseline consumer fans out through.
"""

from steward.settings import *  # noqa: F403
from steward.settings import REDIS_URL, STEWARD_REDIS_PREFIX

ROOT_URLCONF = "bench.urls"
ASGI_APPLICATION = "bench.asgi.application"
WSGI_APPLICATION = "bench.wsgi.application"

# Steward's live layer needs no channel layer (it wakes its own Redis subscribers); only the
# baseline consumer (bench/baseline_consumer.py) uses one, under its own alias.
if REDIS_URL:
    CHANNEL_LAYERS = {
        "bench": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": f"{STEWARD_REDIS_PREFIX}-bench"},
        }
    }
else:
    CHANNEL_LAYERS = {"bench": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
