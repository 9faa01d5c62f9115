"""Stop, steer and the next-turn queue, from any client, while the model streams."""

from __future__ import annotations

import itertools
import threading
import time
from typing import Any

from steward.agents import services as sessions
from tests.agents.conftest import finished, say, transcript, types
from tests.support.openai_standin import OpenAIStandIn, Reply

LONG = " ".join(f"word{i}" for i in range(400))


def wait_until(predicate: Any, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)


def test_stop_mid_stream_closes_the_model_stream_and_keeps_the_partial_text(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    from steward.agents.models import Run

    model.script(Reply.say(LONG, delay=0.01))
    run = say(session.id, "write a lot", alice)
    wait_until(lambda: Run.objects.get(pk=run.pk).output.count("word") >= 5)
    stopped_at = time.monotonic()
    sessions.stop(session_id=session.id, by="user:alice")
    run = finished(run.id)
    took = time.monotonic() - stopped_at

    assert run.state == "cancelled" and took < 2.0  # typically ~50 ms
    assert run.output.startswith("word0 word1") and len(run.output) < len(LONG)
    last = transcript(session.id)[-1]
    assert last["type"] == "run.cancelled" and last["data"]["by"] == "user:alice"
    assert last["data"]["partial"] == run.output
    wait_until(lambda: model.disconnects == 1, timeout=3)  # the server saw the stream close


def test_steer_joins_the_conversation_at_the_next_step_and_shows_in_the_transcript(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    gate = threading.Event()
    model.script(Reply.say("Thinking about names", gate=gate), Reply.say("Called it Kites."))
    run = say(session.id, "add an idea", alice)
    wait_until(lambda: bool(model.requests))
    sessions.steer(session_id=session.id, text="call it Kites", by="user:alice")
    time.sleep(0.1)
    gate.set()
    run = finished(run.id)

    assert run.state == "completed" and run.steps == 2
    steered = [e for e in transcript(session.id) if e["type"] == "run.steered"]
    assert steered and steered[0]["data"]["text"] == "call it Kites"
    assert steered[0]["data"]["by"] == "user:alice"
    last_message = model.requests[1]["messages"][-1]
    assert last_message["role"] == "user" and "call it Kites" in last_message["content"]
    assert types(session.id, prefix="control.") == ["control.steer"]


def test_a_message_during_a_run_is_queued_as_the_next_turn(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    gate = threading.Event()
    model.script(Reply.say("First answer", gate=gate), Reply.say("Second answer"))
    first = say(session.id, "first question", alice)
    wait_until(lambda: bool(model.requests))
    second = say(session.id, "second question", alice)
    time.sleep(0.2)
    from steward.agents.models import Run

    assert Run.objects.get(pk=second.pk).state == "queued"
    gate.set()
    first, second = finished(first.id), finished(second.id)

    assert first.state == second.state == "completed"
    assert first.finished <= second.started
    history = model.requests[1]["messages"]
    assert {"role": "user", "content": "first question"} in history
    assert {"role": "assistant", "content": "First answer"} in history
    assert history[-1] == {"role": "user", "content": "second question"}


def test_messages_said_at_once_become_turns_that_run_one_after_another(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    from django.db import connection

    model.default = Reply.say("Answered.", delay=0.01)
    runs: list[Any] = []
    start = threading.Barrier(4)

    def speak(n: int) -> None:
        try:
            start.wait(5)
            runs.append(say(session.id, f"question {n}", alice))
        finally:
            connection.close()

    threads = [threading.Thread(target=speak, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    done = sorted((finished(run.id) for run in runs), key=lambda run: run.started)

    assert len(done) == 4 and {run.state for run in done} == {"completed"}
    for earlier, later in itertools.pairwise(done):
        assert earlier.finished <= later.started  # never two turns of a session at once
    prompts = sorted(request["messages"][-1]["content"] for request in model.requests)
    assert prompts == [f"question {n}" for n in range(4)]


def test_stop_cancels_the_running_run_and_the_queued_turns(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    gate = threading.Event()
    model.script(Reply.say(LONG, gate=gate))
    first = say(session.id, "first", alice)
    wait_until(lambda: bool(model.requests))
    second = say(session.id, "second", alice)
    sessions.stop(session_id=session.id, by="user:alice")
    first, second = finished(first.id), finished(second.id)
    gate.set()
    assert (first.state, second.state) == ("cancelled", "cancelled")
    assert len(model.requests) == 1


def test_stop_run_service_cancels_a_queued_run_at_once(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    from steward.agents.services import stop_run

    gate = threading.Event()
    model.script(Reply.say("slow", gate=gate), Reply.say("never"))
    first = say(session.id, "first", alice)
    wait_until(lambda: bool(model.requests))
    second = say(session.id, "second", alice)
    assert stop_run(run_id=second.id, by="user:alice").state == "cancelled"
    gate.set()
    assert finished(first.id).state == "completed"
    assert len(model.requests) == 1


def test_the_next_turn_remembers_the_tool_calls_of_earlier_turns(
    model: OpenAIStandIn, session: Any, alice: Any
) -> None:
    model.script(
        Reply.calls(("add_idea", {"title": "Kites"})),
        Reply.say("Added Kites."),
        Reply.say("It is idea number one."),
    )
    assert finished(say(session.id, "add Kites", alice).id).state == "completed"
    assert finished(say(session.id, "which id?", alice).id).state == "completed"
    remembered = model.requests[2]["messages"][2]
    assert remembered["role"] == "assistant"
    assert remembered["content"].startswith("Added Kites.\n\n[Tools used: add_idea(")
    assert '"title":"Kites"' in remembered["content"] and "→" in remembered["content"]
