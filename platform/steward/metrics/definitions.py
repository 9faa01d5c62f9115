"""Every metric Steward records, in one place (names are the dashboard's contract).

With ``PROMETHEUS_MULTIPROC_DIR`` set, prometheus-client writes each process's values to
files there and ``/metrics`` sums them, so one scrape of any process sees all of them.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

# Fast calls (an action, a send) sit in milliseconds; runs and first tokens in seconds.
FAST = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
SLOW = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0)

action_calls = Counter(
    "steward_action_calls", "Safe Action calls by outcome.", ["app", "action", "status"]
)
action_duration = Histogram(
    "steward_action_duration_seconds",
    "Time inside actions.services.invoke, from authentication to the answer.",
    ["app", "action"],
    buckets=FAST,
)

live_subscribers = Gauge(
    "steward_live_subscribers",
    "Open live readers of session and app streams, by transport.",
    ["transport"],
    multiprocess_mode="livesum",
)
live_events_appended = Counter(
    "steward_live_events_appended", "Events appended to the durable log (sessions and feeds)."
)
live_delivery_lag = Histogram(
    "steward_live_delivery_lag_seconds",
    "From an event's commit timestamp to the moment a socket sends it live "
    "(streams with more than 32 readers: a random sample of 32 of them per event).",
    buckets=FAST,
)

runs = Counter("steward_runs", "Agent runs that reached a final state.", ["state"])
run_first_token = Histogram(
    "steward_run_first_token_seconds",
    "From a run's creation to the model's first token.",
    buckets=SLOW,
)
model_tokens = Counter(
    "steward_model_tokens", "Tokens the model reported using, by kind.", ["kind"]
)

http_requests = Counter(
    "steward_http_requests",
    "HTTP requests by method, route and status.",
    ["method", "view", "status"],
)
http_duration = Histogram(
    "steward_http_request_duration_seconds",
    "HTTP request time by method and route.",
    ["method", "view"],
    buckets=FAST,
)

celery_tasks = Counter(
    "steward_celery_tasks", "Celery tasks finished, by state.", ["task", "state"]
)
celery_duration = Histogram(
    "steward_celery_task_duration_seconds", "Celery task run time.", ["task"], buckets=SLOW
)
