"""Scale-out, proven: Debian's nginx running deploy/nginx.conf as shipped, in front of two
gunicorn (web) and two daphne (live) processes, with two Celery workers, on PostgreSQL and
a Redis of the test's own. Sessions are followed through nginx over WebSockets, SSE and
long-poll while agent runs (streaming from the stand-in model) and ``streamdemo`` write.

* One daphne, one gunicorn and one Celery worker are SIGKILLed mid-stream: every follower
  resumes through nginx on the surviving process, the API answers through the other web
  process and ends with exactly the durable log (each event
  once, in order); the killed worker's run ends ``interrupted`` with its partial output, the
  session's next message runs on the surviving worker, and no action is applied twice.
* Redis is stopped and started again mid-stream: the same, and runs (one asked for while
  Redis was away) complete.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from steward.live.models import session_stream
from tests.live.followers import Follower, following, wait_until_done
from tests.live.wsclient import session_cookie
from tests.support.celery_worker import celery_worker, unique_queue
from tests.support.nginx import Nginx, nginx_server, require_nginx
from tests.support.openai_standin import OpenAIStandIn, Reply
from tests.support.redis_server import RedisServer, redis_server
from tests.support.servers import ROOT, Server, daphne_server, gunicorn_server, subprocess_env

pytestmark = [pytest.mark.production, pytest.mark.slow]

LONG = " ".join(f"word{i}" for i in range(2000))  # 40 s at 20 ms a word: killed long before
MEDIUM = " ".join(f"part{i}" for i in range(600))  # 12 s, still streaming at the restart
DEMO = {"events": 6000, "rate": 50}  # 2 minutes at most: each test stops it when done


@dataclass(frozen=True)
class Plan:
    """What the stand-in model does for one prompt: an ``add_idea`` call first (when
    ``title``), then ``text`` streamed a word every ``delay`` seconds."""

    text: str
    title: str = ""
    delay: float = 0.0


PLANS = {
    "add Before the kill, then write a lot": Plan(LONG, "Before the kill", 0.02),
    "add Beside it, then write some": Plan(MEDIUM, "Beside it", 0.02),
    "are you there?": Plan("Back again."),
    "add Through the restart, then write some": Plan(MEDIUM, "Through the restart", 0.02),
    "add While Redis was away": Plan("Added it.", "While Redis was away"),
}


def respond(body: dict[str, Any]) -> Reply:
    """The stand-in's answer, chosen by the run's prompt (runs of several sessions ask at
    once, in no fixed order)."""
    messages = body["messages"]
    last = max(i for i, m in enumerate(messages) if m["role"] == "user")
    plan = PLANS[messages[last]["content"]]
    called = any(m["role"] == "tool" for m in messages[last + 1 :])
    if plan.title and not called:
        return Reply.calls(("add_idea", {"title": plan.title, "pitch": None}))
    return Reply.say(plan.text, delay=plan.delay)


@dataclass
class Cluster:
    proxy: Nginx
    live: list[Server]
    web: list[Server]
    workers: list[subprocess.Popen[bytes]]
    redis: RedisServer
    env: dict[str, str]
    token: str
    cookie: str
    logs: Path
    writers: list[subprocess.Popen[bytes]] = field(default_factory=list)  # killed at teardown

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST through nginx (a web process) with the cluster's token; expects 202."""
        response = httpx.post(
            f"{self.proxy.url}{path}",
            json=body,
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=30,
            trust_env=False,
        )
        assert response.status_code == 202, response.text
        return dict(response.json())

    def say(self, session_id: str, text: str) -> str:
        """Say something in a session; returns the id of the run that answers."""
        return str(self.post(f"/api/sessions/{session_id}/messages", {"text": text})["run"]["id"])

    def stop(self, session_id: str) -> None:
        """Stop what runs in a session (``streamdemo`` ends with ``run.cancelled``)."""
        self.post(f"/api/sessions/{session_id}/stop", {})

    def streamdemo(self, session_id: str, events: int, rate: float) -> subprocess.Popen[bytes]:
        """``manage.py streamdemo`` in a process of its own, on the cluster's Redis; it
        writes until it has written ``events`` or is stopped."""
        with (self.logs / f"streamdemo-{session_id}.log").open("wb") as out:
            writer = subprocess.Popen(
                [sys.executable, "manage.py", "streamdemo", session_id,
                 f"--events={events}", f"--rate={rate}"],
                cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        self.writers.append(writer)
        return writer

    def stop_writers(self) -> None:
        for writer in self.writers:
            if writer.poll() is None:
                writer.kill()
                writer.wait(timeout=10)

    def diagnostics(self) -> str:
        logs = sorted(self.logs.rglob("*.log"))
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-1500:]}" for p in logs)


@pytest.fixture
def cluster(model: OpenAIStandIn, alice: Any, tmp_path: Path) -> Iterator[Cluster]:
    from steward.access.services import issue_token

    require_nginx()  # before starting anything

    model.default = respond
    _, token = issue_token(app="ideaboard", owner=alice, name="scale-out")
    with ExitStack() as stack:
        redis = stack.enter_context(redis_server(tmp_path / "redis.log"))
        env = {
            "REDIS_URL": redis.url,
            "STEWARD_CELERY_QUEUE": unique_queue(),
            "STEWARD_RUNNER": "celery",
            "STEWARD_RUN_HEARTBEAT_SECONDS": "1",
            "STEWARD_RUN_STALE_SECONDS": "3",  # the reapers look every second
            "OPENAI_BASE_URL": model.base_url,
            "OPENAI_API_KEY": "test-key",
            "STEWARD_MODEL": "standin-1",
            "STEWARD_MODEL_MAX_RETRIES": "0",
            "DEBUG": "false",
        }
        live = [stack.enter_context(daphne_server(tmp_path, **env)) for _ in range(2)]
        web = [stack.enter_context(gunicorn_server(tmp_path, workers=1, **env)) for _ in range(2)]
        workers = [
            stack.enter_context(celery_worker(tmp_path / f"worker{i}.log", subprocess_env(**env)))
            for i in range(2)
        ]
        proxy = stack.enter_context(
            nginx_server(
                tmp_path / "nginx",
                web=[f"127.0.0.1:{s.port}" for s in web],
                live=[f"127.0.0.1:{s.port}" for s in live],
            )
        )
        cluster = Cluster(
            proxy=proxy, live=live, web=web, workers=workers, redis=redis,
            env=subprocess_env(**env), token=token, cookie=session_cookie(alice), logs=tmp_path,
        )  # fmt: skip
        stack.callback(cluster.stop_writers)
        yield cluster


def until(check: Callable[[], bool], timeout: float, what: str, cluster: Cluster) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout}s\n{cluster.diagnostics()}")
        time.sleep(0.1)


def refuses(port: int) -> bool:
    """Nothing listens on ``port`` any more (a killed gunicorn's worker leaves soon after)."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return True
    return False


def output_words(run_id: str) -> int:
    from steward.agents.models import Run

    return len(Run.objects.get(pk=run_id).output.split())


def deltas(session_id: str) -> int:
    from steward.live.models import Event

    return Event.objects.filter(stream_id=session_stream(session_id), type="run.delta").count()


def sessions(alice: Any, *titles: str) -> list[str]:
    from steward.live.services import create_session

    return [create_session(app="ideaboard", title=t, created_by=alice).id for t in titles]


def followers_of(cluster: Cluster, ids: list[str], transport: str, count: int) -> list[Follower]:
    return [
        Follower(cluster.proxy.url, sid, cluster.cookie, transport)
        for sid in ids
        for _ in range(count)
    ]


def finish_following(cluster: Cluster, ids: list[str], followers: list[Follower]) -> None:
    """Tell each follower where its session's log ends, and wait until all have it."""
    from steward.live.services import tail

    targets = {sid: tail(session_stream(sid)) for sid in ids}
    for follower in followers:
        follower.target = targets[follower.session_id]
    late = wait_until_done(followers, timeout=60)
    assert not late, [f"{f}: at {f.last} of {f.target}, {f.drops[-3:]}" for f in late]


def assert_each_got_the_log_exactly_once(followers: list[Follower]) -> None:
    from steward.live.services import read_dicts

    logs = {f.session_id: read_dicts(session_stream(f.session_id), 0, 100_000) for f in followers}
    for follower in followers:
        log = logs[follower.session_id]
        assert log and [e["seq"] for e in log] == list(range(1, len(log) + 1))
        got = [e["seq"] for e in follower.events]
        assert got == [e["seq"] for e in log], f"{follower}: seqs {got}"
        assert follower.events == log, f"{follower} received events unlike the log's"
        assert not follower.errors, f"{follower}: {follower.errors}"  # no error frame or 5xx


def assert_applied_once(*titles: str) -> None:
    """Each idea exists once, with one audit entry for the one add_idea call that made it."""
    from apps.ideaboard.models import Idea
    from steward.audit.models import AuditEntry

    for title in titles:
        assert Idea.objects.filter(title=title).count() == 1, title
    entries = AuditEntry.objects.filter(action="add_idea", status="ok")
    assert sorted(e.args["title"] for e in entries) == sorted(titles)


def assert_served_without_errors(cluster: Cluster) -> None:
    """nginx answered no request with a 5xx (it retried a request its upstream dropped on
    the surviving one), each web process had its share, and no server logged a traceback."""
    served = cluster.proxy.served()
    assert not [r for r in served if r.status >= 500]
    # Both web processes answered the API (nginx spreads the posts between them).
    web = {a for r in served if r.request.startswith("POST /api/") for a in r.upstreams}
    assert web == {f"127.0.0.1:{s.port}" for s in cluster.web}
    for log in [*cluster.logs.glob("daphne-*.log"), *cluster.logs.glob("gunicorn-*.log")]:
        assert "Traceback" not in log.read_text(), f"{log.name}:\n{log.read_text()[-3000:]}"


def test_killing_a_live_process_and_a_worker_mid_stream_loses_and_repeats_nothing(
    cluster: Cluster, alice: Any, model: OpenAIStandIn
) -> None:
    from steward.agents.models import Run
    from steward.agents.services import wait_for_run

    ids = sessions(alice, "killed run", "run beside it", "streamdemo")
    s_kill, s_beside, s_demo = ids
    sockets = followers_of(cluster, ids, "ws", 2)
    http = followers_of(cluster, ids, "sse", 1) + followers_of(cluster, ids, "long-poll", 1)
    everyone = sockets + http
    with ExitStack() as stack:
        # The sockets first, so that nginx's round robin puts three on each live process.
        stack.enter_context(following(sockets, timeout=240))
        until(lambda: all(f.connections for f in sockets), 30, "sockets connected", cluster)
        stack.enter_context(following(http, timeout=240))
        until(lambda: all(f.connections for f in http), 30, "HTTP followers connected", cluster)
        killed_run = cluster.say(s_kill, "add Before the kill, then write a lot")
        beside = cluster.say(s_beside, "add Beside it, then write some")
        until(lambda: output_words(killed_run) >= 5, 60, "the run to stream", cluster)
        demo = cluster.streamdemo(s_demo, **DEMO)
        until(lambda: deltas(s_demo) >= 30, 60, "streamdemo to write", cluster)

        victim = Run.objects.get(pk=killed_run)
        worker = next(w for w in cluster.workers if victim.worker.endswith(f":{w.pid}"))
        survivor = next(w for w in cluster.workers if w is not worker)
        cluster.live[0].process.kill()
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        cluster.live[0].process.wait(timeout=10)
        killed_web = cluster.web[0]
        killed_web.process.kill()  # gunicorn's master; its worker sees it gone and leaves
        killed_web.process.wait(timeout=10)
        until(lambda: refuses(killed_web.port), 30, "the killed web process to be gone", cluster)

        interrupted = wait_for_run(killed_run, 60)
        assert wait_for_run(beside, 60).state == "completed"
        again = wait_for_run(cluster.say(s_kill, "are you there?"), 60)
        cluster.stop(s_demo)
        assert demo.wait(timeout=60) == 0, cluster.diagnostics()
        finish_following(cluster, ids, everyone)

    assert_each_got_the_log_exactly_once(everyone)
    # Followers were on both live processes: those on the killed one resumed on the other.
    dropped = [f for f in sockets if f.connections > 1]
    assert dropped and len(dropped) < len(sockets), [(str(f), f.drops) for f in sockets]
    tried = {a for r in cluster.proxy.served() if "/ws/" in r.request for a in r.upstreams}
    assert tried == {f"127.0.0.1:{s.port}" for s in cluster.live}
    assert_served_without_errors(cluster)
    # After its kill, nginx sent the API to the other web process (and answered no 5xx).
    last = [r for r in cluster.proxy.served() if r.request.startswith("POST /api/")][-1]
    assert last.upstreams[-1] == f"127.0.0.1:{cluster.web[1].port}"
    # SSE through nginx is unbuffered: the events reached the follower while its response
    # was still open (a buffered proxy would hold them until the response ended).
    assert all(f.ended_open for f in http if f.transport == "sse")

    assert interrupted.state == "interrupted" and "heartbeat" in interrupted.error
    assert len(interrupted.output.split()) >= 5 and LONG.startswith(interrupted.output.strip())
    from tests.agents.conftest import transcript

    ends = [e for e in transcript(s_kill) if e["type"] == "run.interrupted"]
    assert [e["run"] for e in ends] == [killed_run]
    assert ends[0]["data"]["partial"] == interrupted.output
    assert again.state == "completed" and again.output == "Back again."
    assert again.worker.endswith(f":{survivor.pid}")
    # Nothing ran twice: the killed run asked the model twice (its call, then the text).
    prompts = [r["messages"][-1]["content"] for r in model.requests if r["messages"]]
    assert prompts.count("add Before the kill, then write a lot") == 1
    assert_applied_once("Before the kill", "Beside it")


def test_a_redis_restart_mid_stream_loses_and_repeats_nothing(cluster: Cluster, alice: Any) -> None:
    from steward.agents.services import wait_for_run

    ids = sessions(alice, "run through it", "streamdemo", "asked while away")
    s_run, s_demo, s_away = ids
    followers = (
        followers_of(cluster, ids, "ws", 2)
        + followers_of(cluster, ids, "sse", 1)
        + followers_of(cluster, ids, "long-poll", 1)
    )
    with following(followers, timeout=240):
        until(lambda: all(f.connections for f in followers), 30, "followers connected", cluster)
        demo = cluster.streamdemo(s_demo, **DEMO)
        until(lambda: deltas(s_demo) >= 30, 60, "streamdemo to write", cluster)
        run = cluster.say(s_run, "add Through the restart, then write some")
        until(lambda: output_words(run) >= 5, 60, "the run to stream", cluster)

        cluster.redis.stop()
        before = deltas(s_demo), output_words(run)
        away = cluster.say(s_away, "add While Redis was away")
        until(
            lambda: deltas(s_demo) >= before[0] + 25 and output_words(run) > before[1],
            60, "writes while Redis is away", cluster,
        )  # fmt: skip
        cluster.redis.start()

        assert wait_for_run(run, 90).state == "completed", cluster.diagnostics()
        assert wait_for_run(away, 90).state == "completed", cluster.diagnostics()
        cluster.stop(s_demo)
        assert demo.wait(timeout=60) == 0, cluster.diagnostics()
        finish_following(cluster, ids, followers)

    assert_each_got_the_log_exactly_once(followers)
    assert_served_without_errors(cluster)
    assert_applied_once("Through the restart", "While Redis was away")
