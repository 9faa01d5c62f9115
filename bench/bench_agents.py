"""Agent runs: the platform's added time to first token and sustained deltas per second.

Both sides talk to the same stand-in OpenAI server in the same process and run:
the baseline is the official ``openai`` client streaming the reply directly; Steward is a
person's message and the whole agent run it starts (``say`` → the message in the log →
say → runner → model call → ``run.delta`` committed to the session log), as the
session API and socket post it. Time to first token: from the call (``create`` / ``say``)
to the first text (received / committed). Deltas per second: model text chunks per second once the
stream flows, for a 20,000-chunk reply. Runs use the in-process runner (the embedded
default's); with Redis configured, time to first token is measured again through a real
Celery worker, the production runner, each start paired with a direct call again.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.support import percentile

ROOT = Path(__file__).resolve().parents[1]
TTFT_RUNS = int(os.environ.get("BENCH_AGENTS_RUNS", "60"))
STREAM_CHUNKS = int(os.environ.get("BENCH_AGENTS_CHUNKS", "20000"))
STOP_RUNS = 10


def _setup() -> None:
    for path in (str(ROOT / "platform"), str(ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steward.settings")
    # This process hosts the runner threads, like a worker: persistent database connections
    # as deploy/.env.example advises for workers (ASGI processes keep CONN_MAX_AGE=0).
    os.environ.setdefault("CONN_MAX_AGE", "60")
    os.environ.setdefault("DEBUG", "0")  # as in production: no query log kept per connection
    import logging

    import django

    django.setup()
    for name in ("httpx", "httpx2"):  # one INFO line per model request (openai 3 uses httpx2)
        logging.getLogger(name).setLevel(logging.WARNING)
    from steward.agents import reaper

    reaper._started.set()  # no reaper thread here: it would outlive the bench's database


def _direct_ttft(client: Any, reply_text: str) -> float:
    started = time.perf_counter()
    stream = client.chat.completions.create(
        model="standin-1", messages=[{"role": "user", "content": "hi"}], stream=True
    )
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            first = time.perf_counter() - started
            break
    for _ in stream:
        pass
    return first * 1000


def _direct_rate(client: Any) -> float:
    stream = client.chat.completions.create(
        model="standin-1", messages=[{"role": "user", "content": "hi"}], stream=True
    )
    count, first = 0, 0.0
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            count += 1
            if count == 1:
                first = time.perf_counter()
    return (count - 1) / (time.perf_counter() - first)


def _serve(reply_text: str, conn: Any) -> None:
    from tests.support.openai_standin import OpenAIStandIn, Reply

    with OpenAIStandIn() as model:
        model.default = Reply.say(reply_text)
        conn.send(model.base_url)
        conn.recv()  # until the parent says stop


@contextmanager
def standin_process(reply_text: str) -> Iterator[str]:
    """The stand-in in its own process, so neither side shares a GIL with the server."""
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.get_context("fork").Process(
        target=_serve, args=(reply_text, child), daemon=True
    )
    process.start()
    try:
        yield parent.recv()
    finally:
        parent.send("stop")
        process.join(5)


def _say(session_id: str, actor: Any, text: str) -> Any:
    """A person's message, as the session API and socket post it; returns the run it starts."""
    from steward.agents.services import say

    return say(session_id=session_id, text=text, actor=actor).run


def _steward_run(session_id: str, actor: Any, prompt: str) -> tuple[float, Any]:
    from steward.agents.services import wait_for_run

    started = time.time()
    run = _say(session_id, actor, prompt)
    # Sleep through the run's start rather than polling: the bench's own queries would
    # compete with the runner thread for the GIL and be counted as platform time.
    time.sleep(0.15)
    run = wait_for_run(run.id, 120)
    assert run.state == "completed", run.error
    first_abs = run.created.timestamp() + run.timings["first_token_ms"] / 1000
    return (first_abs - started) * 1000, run


def _stop_latency(user: Any, actor: Any) -> float:
    """From ``stop`` to the run's cancelled state, mid-stream (the stream is slowed)."""
    from steward.agents.models import Run
    from steward.agents.services import stop, wait_for_run
    from steward.live.services import create_session

    session = create_session(app="ideaboard", title="bench stop", created_by=user)
    run = _say(session.id, actor, "stream")
    while not Run.objects.filter(pk=run.pk, output__contains="tok").exists():
        time.sleep(0.005)
    stopped = time.time()
    stop(session_id=session.id, by="user:bench-agents")
    time.sleep(0.1)
    run = wait_for_run(run.id, 30)
    assert run.state == "cancelled", run.state
    return (run.finished.timestamp() - stopped) * 1000


def _celery_ttft(url: str, user: Any, actor: Any, client: Any, text: str) -> tuple[list, list]:
    """The same starts through a real ``celery -A steward worker`` (the production runner),
    each paired with a direct call; returns (Steward, direct) times in ms."""
    import tempfile

    from django.conf import settings as django_settings
    from django.test import override_settings

    from steward.live.services import create_session
    from tests.support.celery_worker import celery_worker, unique_queue
    from tests.support.servers import subprocess_env

    queue = unique_queue()
    env = subprocess_env(
        STEWARD_CELERY_QUEUE=queue,
        OPENAI_BASE_URL=url,
        OPENAI_API_KEY="bench",
        STEWARD_MODEL="standin-1",
        STEWARD_MODEL_MAX_RETRIES="0",
        CONN_MAX_AGE="60",  # as deploy/.env.example advises for workers
        DEBUG="0",
        LOG_LEVEL="WARNING",  # no log line per task and model request
    )
    platform, direct = [], []
    with (
        tempfile.TemporaryDirectory() as tmp,
        # As `make worker` runs it: the production pool and concurrency (settings.py).
        celery_worker(
            Path(tmp) / "worker.log", env, concurrency=django_settings.CELERY_WORKER_CONCURRENCY
        ),
        override_settings(STEWARD_RUNNER="celery", CELERY_TASK_DEFAULT_QUEUE=queue),
    ):
        for i in range(TTFT_RUNS + 5):
            session = create_session(app="ideaboard", title=f"celery {i}", created_by=user)
            d = _direct_ttft(client, text)
            took, _ = _steward_run(session.id, actor, "hi")
            if i >= 5:
                platform.append(took)
                direct.append(d)
    return platform, direct


def _measure() -> list[dict[str, Any]]:
    import openai
    from django.conf import settings as django_settings
    from django.contrib.auth import get_user_model
    from django.test import override_settings

    from steward.access.actors import Actor
    from steward.access.models import Membership
    from steward.live.services import create_session

    user = get_user_model().objects.create_user("bench-agents")
    Membership.objects.create(user=user, app="ideaboard", role="operator")
    actor = Actor.for_user(user)
    text = "Sure, here is the answer you asked for."
    settings = {
        "OPENAI_API_KEY": "bench",
        "STEWARD_MODEL": "standin-1",
        "STEWARD_MODEL_MAX_RETRIES": 0,
        "STEWARD_RUNNER": "inprocess",
    }
    with standin_process(text) as url, override_settings(OPENAI_BASE_URL=url, **settings):
        client = openai.OpenAI(base_url=url, api_key="bench", max_retries=0)
        direct, platform = [], []
        for i in range(TTFT_RUNS + 5):
            session = create_session(app="ideaboard", title=f"bench {i}", created_by=user)
            d = _direct_ttft(client, text)
            s, _ = _steward_run(session.id, actor, "hi")
            if i >= 5:  # warm-up: imports, connections, first queries
                direct.append(d)
                platform.append(s)
        added = [s - d for s, d in zip(platform, direct, strict=True)]
        celery, celery_direct = (
            _celery_ttft(url, user, actor, client, text) if django_settings.REDIS_URL else ([], [])
        )

    long_text = " ".join(["tok"] * STREAM_CHUNKS)
    with standin_process(long_text) as url, override_settings(OPENAI_BASE_URL=url, **settings):
        client = openai.OpenAI(base_url=url, api_key="bench", max_retries=0)
        direct_rate = _direct_rate(client)
        session = create_session(app="ideaboard", title="bench stream", created_by=user)
        _, run = _steward_run(session.id, actor, "stream")
        first_abs = run.created.timestamp() + run.timings["first_token_ms"] / 1000
        done_abs = run.finished.timestamp()
        steward_rate = (STREAM_CHUNKS - 1) / (done_abs - first_abs)
        from steward.live.models import Event, session_stream

        events = Event.objects.filter(
            stream_id=session_stream(session.id), type="run.delta"
        ).count()
        stops = [_stop_latency(user, actor) for _ in range(STOP_RUNS)]
    p50 = statistics.median
    figures = [
        {
            "name": "time to first token p50",
            "steward": p50(platform),
            "baseline": p50(direct),
            "unit": "ms",
            "added_ms": p50(platform) - p50(direct),
            "added_p50_of_pairs_ms": p50(added),
            "target": f"added ≤ 20 ms p50 (measured added {p50(platform) - p50(direct):.1f} ms)",
        },
        {
            "name": "time to first token p99",
            "steward": percentile(platform, 0.99),
            "baseline": percentile(direct, 0.99),
            "unit": "ms",
            "added_ms": percentile(platform, 0.99) - percentile(direct, 0.99),
        },
        {
            "name": "sustained deltas per run",
            "steward": steward_rate,
            "baseline": direct_rate,
            "unit": "deltas/s",
            "session_events": events,
            "target": f"≥ 1,000 deltas/s per run into the session ({events} run.delta events "
            f"carried {STREAM_CHUNKS} model deltas, coalesced per 50 ms)",
        },
    ]
    figures.append(
        {
            "name": "stop to run.cancelled p50",
            "steward": p50(stops),
            "baseline": 0.0,
            "unit": "ms",
            "target": "informational: a stop closes the model stream within one 20 ms poll",
        }
    )
    if celery:
        figures.append(
            {
                "name": "time to first token p50, Celery worker (the production runner)",
                "steward": p50(celery),
                "baseline": p50(celery_direct),
                "unit": "ms",
                "added_ms": p50(celery) - p50(celery_direct),
                "target": "added ≤ 20 ms p50 (measured added "
                f"{p50(celery) - p50(celery_direct):.1f} ms, Redis broker hop included)",
            }
        )
        figures.append(
            {
                "name": "time to first token p99, Celery worker (the production runner)",
                "steward": percentile(celery, 0.99),
                "baseline": percentile(celery_direct, 0.99),
                "unit": "ms",
                "added_ms": percentile(celery, 0.99) - percentile(celery_direct, 0.99),
            }
        )
    return figures


def run() -> list[dict[str, Any]]:
    _setup()
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        return _measure()
    finally:
        from django.db import connections

        from steward.agents.runner import shutdown_in_process_runner

        shutdown_in_process_runner()
        connections.close_all()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        del test_name


if __name__ == "__main__":
    for figure in run():
        print(figure)
