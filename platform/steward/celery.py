"""The Celery application: ``celery -A steward worker``."""

import os

from celery import Celery
from celery.signals import worker_process_init, worker_ready

from steward.metrics import tasks as task_metrics

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steward.settings")

app = Celery("steward")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
task_metrics.connect()  # Celery's task counts and durations (steward.metrics.tasks)


@worker_ready.connect  # the thread pool (the default, see settings)
@worker_process_init.connect  # each prefork child
def _settle_garbage_collector(**kwargs: object) -> None:
    """Django and the tasks are loaded: see steward/gc_tuning.py."""
    from steward.gc_tuning import settle

    settle()


@worker_ready.connect
def _expose_metrics(**kwargs: object) -> None:
    """STEWARD_WORKER_METRICS_PORT: this worker's scrape target (README "Metrics")."""
    from steward.metrics.worker import serve_if_configured

    serve_if_configured()
