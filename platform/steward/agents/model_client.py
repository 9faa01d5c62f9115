"""The model behind a run: the official ``openai`` client, streaming, with tools.

Any OpenAI-compatible server works (OpenAI, vLLM, Ollama, llama.cpp's server):
``OPENAI_BASE_URL``, ``OPENAI_API_KEY``, ``STEWARD_MODEL`` (an app's manifest may set
``model``). A stream yields :class:`TextDelta`, then one :class:`ToolCalls` with the
completed calls (argument fragments joined), and :class:`Usage`. Every failure of the
server surfaces as :class:`ModelError` with a message a person can act on.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
import openai

try:  # openai 3.x transports with httpx2; older releases with httpx
    import httpx2

    HTTP_ERRORS: tuple[type[Exception], ...] = (httpx.HTTPError, httpx2.HTTPError)
except ImportError:  # pragma: no cover
    HTTP_ERRORS = (httpx.HTTPError,)
from django.conf import settings

from steward.agents.exceptions import ModelError
from steward.hosting.exceptions import UnknownApp
from steward.hosting.registry import hosted_apps


@dataclass(frozen=True)
class TextDelta:
    text: str


@dataclass(frozen=True)
class ToolCallRequest:
    id: str
    name: str
    arguments: str


@dataclass(frozen=True)
class ToolCalls:
    calls: list[ToolCallRequest] = field(default_factory=list)


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0


StreamItem = TextDelta | ToolCalls | Usage


class ModelStream(Protocol):
    """One model call in progress; iterate for items, ``close()`` to abandon it."""

    def __iter__(self) -> Iterator[StreamItem]: ...

    def close(self) -> None: ...


def is_configured() -> bool:
    """True when a real model server is configured; otherwise runs use the demo model."""
    return bool(settings.OPENAI_BASE_URL or settings.OPENAI_API_KEY)


def model_for(app: str) -> str:
    """The model name for ``app``: its AppConfig's ``agent_model``, else ``STEWARD_MODEL``.

    An app that needs a stronger (or cheaper) model says so in its apps.py::

        class CrmConfig(HostedAppConfig):
            agent_model = "gpt-4.1"
    """
    try:
        override = getattr(hosted_apps.get(app).config, "agent_model", "")
    except UnknownApp:
        override = ""
    return str(override or settings.STEWARD_MODEL)


_clients: dict[tuple[str, str, float, int], openai.OpenAI] = {}
_clients_lock = threading.Lock()


def client() -> openai.OpenAI:
    """The shared client for the current settings: building one costs ~20 ms, reuse is free.

    openai.OpenAI is thread-safe and keeps its connection pool, so runs reuse connections.
    """
    key = (
        settings.OPENAI_BASE_URL,
        settings.OPENAI_API_KEY,
        float(settings.STEWARD_MODEL_TIMEOUT),
        int(settings.STEWARD_MODEL_MAX_RETRIES),
    )
    with _clients_lock:
        api = _clients.get(key)
        if api is None:
            api = _clients[key] = openai.OpenAI(
                base_url=key[0] or None,
                # Local servers (Ollama, llama.cpp) need no key, but the client insists on one.
                api_key=key[1] or "not-needed",
                timeout=key[2],
                max_retries=key[3],
            )
        return api


def open_stream(
    *, model: str, messages: list[dict[str, Any]], tools: list[dict[str, Any]]
) -> ModelStream:
    """Start a streaming model call (Chat Completions, or Responses when configured)."""
    if settings.STEWARD_MODEL_API == "responses":
        from steward.agents.responses_client import ResponsesStream

        return ResponsesStream(client(), model, messages, tools)
    return ChatStream(client(), model, messages, tools)


class ClosableStream:
    """A model stream that another thread may close at once (stop)."""

    _stream: Any = None
    _closed: bool = False

    def close(self) -> None:
        self._closed = True
        if self._stream is None:
            return
        # Shut the socket down first: a plain close() from this thread would not wake the
        # thread blocked reading it, and the server would go on generating tokens.
        try:
            network = self._stream.response.extensions.get("network_stream")
            sock = network.get_extra_info("socket") if network is not None else None
            if sock is not None:
                sock.shutdown(socket.SHUT_RDWR)
        except (OSError, AttributeError):
            pass
        self._stream.close()


class ChatStream(ClosableStream):
    """Streaming ``POST /chat/completions`` with tools and usage."""

    def __init__(
        self,
        api: openai.OpenAI,
        model: str,
        messages: list[dict[str, Any]],
        tools: list[dict[str, Any]],
    ) -> None:
        body: dict[str, Any] = {"messages": messages, "stream_options": {"include_usage": True}}
        if tools:
            body["tools"] = tools
            body["parallel_tool_calls"] = True
        # The body is plain JSON already: it goes as ``extra_body``, sent as it is. Passed as
        # typed parameters, the client would walk every message and tool schema to transform
        # them (about a millisecond per call with an app's tools, before the request leaves).
        self._kwargs: dict[str, Any] = {
            "model": model,
            "messages": [],
            "stream": True,
            "extra_body": body,
        }
        self._api = api

    def __iter__(self) -> Iterator[StreamItem]:
        calls: dict[int, dict[str, str]] = {}
        with translate_errors():
            # The request is sent here, on the reading thread, so that waiting for the
            # server's first byte never blocks the run's thread (a stop stays prompt).
            self._stream = self._api.chat.completions.create(**self._kwargs)
            if self._closed:
                self.close()
                return
            for chunk in self._stream:
                if chunk.usage is not None:
                    yield Usage(chunk.usage.prompt_tokens, chunk.usage.completion_tokens)
                for choice in chunk.choices:
                    delta = choice.delta
                    if delta.content:
                        yield TextDelta(delta.content)
                    for tc in delta.tool_calls or []:
                        entry = calls.setdefault(tc.index, {"id": "", "name": "", "args": ""})
                        entry["id"] = tc.id or entry["id"]
                        if tc.function is not None:
                            entry["name"] += tc.function.name or ""
                            entry["args"] += tc.function.arguments or ""
        if calls:
            yield ToolCalls(
                [
                    ToolCallRequest(c["id"] or f"call_{i}", c["name"], c["args"])
                    for i, c in sorted(calls.items())
                ]
            )


class translate_errors:
    """Turn the client's exceptions into ModelError with a readable message."""

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> None:
        if exc is None or isinstance(exc, ModelError | GeneratorExit):
            return
        raise ModelError(describe(exc)) from exc


def describe(exc: BaseException) -> str:
    where = settings.OPENAI_BASE_URL or "the OpenAI API"
    if isinstance(exc, openai.APITimeoutError):
        return (
            f"The model server at {where} did not answer within "
            f"{settings.STEWARD_MODEL_TIMEOUT} s. Check that it is up, or raise "
            "STEWARD_MODEL_TIMEOUT."
        )
    if isinstance(exc, openai.APIStatusError):
        detail = exc.message
        return f"The model server at {where} answered HTTP {exc.status_code}: {detail}"
    if isinstance(exc, openai.APIConnectionError):
        return f"Could not reach the model server at {where}: {exc}. Check OPENAI_BASE_URL."
    if isinstance(exc, (json.JSONDecodeError, ValueError, KeyError, *HTTP_ERRORS)):
        return f"The model server at {where} sent a malformed stream ({exc})."
    return f"The model call failed: {exc.__class__.__name__}: {exc}"
