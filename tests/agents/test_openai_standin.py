"""The stand-in OpenAI server speaks the wire format the real openai client expects."""

from __future__ import annotations

import json
import threading
import time

import openai
import pytest

from tests.support.openai_standin import OpenAIStandIn, Reply


@pytest.fixture
def model():  # type: ignore[no-untyped-def]
    with OpenAIStandIn() as standin:
        yield standin


def client(model: OpenAIStandIn, **kw: object) -> openai.OpenAI:
    return openai.OpenAI(base_url=model.base_url, api_key="test", max_retries=0, **kw)  # type: ignore[arg-type]


def test_it_streams_text_deltas_and_usage(model: OpenAIStandIn) -> None:
    model.script(Reply.say("Hello there, team"))
    stream = client(model).chat.completions.create(
        model="m",
        messages=[{"role": "user", "content": "hi"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "Hello there, team"
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens == 3
    assert model.requests[0]["messages"] == [{"role": "user", "content": "hi"}]


def test_it_splits_tool_call_arguments_across_chunks(model: OpenAIStandIn) -> None:
    model.script(Reply.calls(("add_idea", {"title": "Tea"}), ("list_ideas", {})))
    stream = client(model).chat.completions.create(
        model="m", messages=[{"role": "user", "content": "x"}], stream=True, tools=[]
    )
    calls: dict[int, dict[str, str]] = {}
    fragments = 0
    finish = None
    for chunk in stream:
        choice = chunk.choices[0]
        finish = choice.finish_reason or finish
        for tc in choice.delta.tool_calls or []:
            entry = calls.setdefault(tc.index, {"id": "", "name": "", "args": ""})
            entry["id"] += tc.id or ""
            entry["name"] += (tc.function and tc.function.name) or ""
            entry["args"] += (tc.function and tc.function.arguments) or ""
            fragments += 1
    assert finish == "tool_calls"
    assert calls[0]["name"] == "add_idea" and json.loads(calls[0]["args"]) == {"title": "Tea"}
    assert calls[1]["name"] == "list_ideas" and calls[1]["id"].startswith("call_")
    assert fragments > 4


def test_it_answers_without_streaming(model: OpenAIStandIn) -> None:
    model.script(Reply.say("Plain answer"))
    answer = client(model).chat.completions.create(model="m", messages=[])
    assert answer.choices[0].message.content == "Plain answer"


def test_it_fails_with_an_openai_error_body(model: OpenAIStandIn) -> None:
    model.script(Reply.fail(500, "boom"))
    with pytest.raises(openai.InternalServerError, match="boom"):
        client(model).chat.completions.create(model="m", messages=[], stream=True)


def test_it_hangs_until_the_client_times_out(model: OpenAIStandIn) -> None:
    model.script(Reply(hang=5))
    started = time.monotonic()
    with pytest.raises(openai.APITimeoutError):
        client(model, timeout=0.3).chat.completions.create(model="m", messages=[], stream=True)
    assert time.monotonic() - started < 3


def test_it_sends_a_malformed_stream(model: OpenAIStandIn) -> None:
    model.script(Reply(text="never", malformed=True))
    with pytest.raises(Exception):  # noqa: B017 - the client surfaces a JSON decode error
        list(client(model).chat.completions.create(model="m", messages=[], stream=True))


def test_it_counts_a_client_that_closes_the_stream_early(model: OpenAIStandIn) -> None:
    gate = threading.Event()
    model.script(Reply.say("one two three four five six " * 50, delay=0.01, gate=gate))
    stream = client(model).chat.completions.create(model="m", messages=[], stream=True)
    next(iter(stream))
    stream.close()
    gate.set()
    deadline = time.monotonic() + 5
    while model.disconnects == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert model.disconnects == 1
