"""The Celery application: ``celery -A steward worker``."""

import gc
import os

from celery import Celery
from celery.signals import worker_process_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steward.settings")

app = Celery("steward")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect  # the thread pool (the default, see settings)
@worker_process_init.connect  # each prefork child
def _freeze_startup_objects(**kwargs: object) -> None:
    """Django and the tasks are loaded: keep them out of the garbage collector's full
    passes, so a run's stream does not stall for them (see steward/asgi.py)."""
    gc.freeze()
