"""A scripted OpenAI-compatible HTTP server on loopback, for tests and benchmarks.

It speaks the real wire format of ``POST /v1/chat/completions``: with ``stream: true`` a
``text/event-stream`` of ``data: {chat.completion.chunk}`` lines ending in ``data: [DONE]``
(text deltas, tool-call deltas whose id/name/argument fragments are split across chunks,
``finish_reason``, and a usage chunk when ``stream_options.include_usage`` is set); without
it one ``chat.completion`` object. It can also fail the way real servers do: an HTTP error
with an OpenAI error body, a hang (for client timeouts) and a malformed stream.

Each test scripts the replies, in order, and reads back the requests it received::

    with OpenAIStandIn() as model:
        model.script(Reply.calls(("add_idea", {"title": "Tea"})), Reply.say("Added Tea."))
        client = openai.OpenAI(base_url=model.base_url, api_key="test")
        ...
        assert model.requests[0]["tools"][0]["function"]["name"] == "add_idea"

The stdlib server keeps it dependency-free; Nagle is off so small chunks leave at once.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class ToolCall:
    name: str
    arguments: str  # raw JSON text, so tests can send invalid arguments on purpose
    id: str = field(default_factory=lambda: f"call_{uuid.uuid4().hex[:12]}")


@dataclass
class Reply:
    """One scripted answer to one request."""

    text: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    chunk_words: int = 1  # words of text per delta chunk
    delay: float = 0.0  # seconds between chunks
    status: int = 200  # != 200: answer with an OpenAI error body
    error_message: str = "The server had an error while processing your request."
    hang: float = 0.0  # > 0: accept the request, then say nothing for this long
    malformed: bool = False  # stream a chunk that is not JSON, then close
    prompt_tokens: int = 11
    gate: threading.Event | None = None  # stream the first chunk, then wait for this event

    @classmethod
    def say(cls, text: str, **kw: Any) -> Reply:
        return cls(text=text, **kw)

    @classmethod
    def calls(cls, *calls: tuple[str, dict[str, Any] | str], text: str = "", **kw: Any) -> Reply:
        tool_calls = [
            ToolCall(name, args if isinstance(args, str) else json.dumps(args))
            for name, args in calls
        ]
        return cls(text=text, tool_calls=tool_calls, **kw)

    @classmethod
    def fail(cls, status: int = 500, message: str = "") -> Reply:
        return cls(status=status, error_message=message or cls.error_message)

    def text_pieces(self) -> list[str]:
        words = self.text.split(" ") if self.text else []
        pieces = []
        for i in range(0, len(words), self.chunk_words):
            piece = " ".join(words[i : i + self.chunk_words])
            pieces.append(piece if i == 0 else " " + piece)
        return pieces

    def completion_tokens(self) -> int:
        return len(self.text.split()) + sum(len(c.arguments) // 4 + 1 for c in self.tool_calls)


Responder = Callable[[dict[str, Any]], Reply]


class OpenAIStandIn:
    """The server; use as a context manager. ``base_url`` is what openai.OpenAI wants."""

    def __init__(self, model: str = "standin-1") -> None:
        self.model = model
        self.requests: list[dict[str, Any]] = []
        self.disconnects = 0  # streams the client closed before the end
        self.default: Reply | Responder | None = None
        self._replies: deque[Reply | Responder] = deque()
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._server: ThreadingHTTPServer | None = None

    # --- scripting ----------------------------------------------------------------------

    def script(self, *replies: Reply | Responder) -> None:
        with self._lock:
            self._replies.extend(replies)

    def next_reply(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(body)
            item = self._replies.popleft() if self._replies else self.default
        if item is None:
            return Reply.fail(500, "The stand-in has no scripted reply left for this request.")
        return item(body) if callable(item) else item

    @property
    def pending(self) -> int:
        return len(self._replies)

    # --- lifecycle ----------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start the stand-in first (use it as a context manager)"
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def server_env(self, **extra: str) -> dict[str, str]:
        """The environment of a Steward process whose agents talk to this stand-in (runs in
        process and no retries, unless ``extra`` says otherwise)."""
        return {
            "OPENAI_BASE_URL": self.base_url,
            "OPENAI_API_KEY": "test-key",
            "STEWARD_MODEL": self.model,
            "STEWARD_MODEL_MAX_RETRIES": "0",
            "STEWARD_RUNNER": "inprocess",
            **extra,
        }

    def start(self) -> OpenAIStandIn:
        standin = self

        class Handler(_Handler):
            owner = standin

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._closing.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> OpenAIStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Handler(BaseHTTPRequestHandler):
    owner: OpenAIStandIn
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def handle(self) -> None:
        # A client dropping a kept-alive connection is normal.
        with contextlib.suppress(ConnectionResetError, BrokenPipeError):
            super().handle()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        path = self.path.rstrip("/")
        if path not in ("/v1/chat/completions", "/v1/responses"):
            self._json(404, _error(f"Unknown path {self.path}", "invalid_request_error"))
            return
        reply = self.owner.next_reply(body)
        if reply.hang:
            self.owner._closing.wait(reply.hang)
            self.close_connection = True
            return
        if reply.status != 200:
            self._json(reply.status, _error(reply.error_message, "server_error"))
            return
        if path == "/v1/responses":
            from tests.support.openai_standin_responses import response_events

            self._stream(body, reply, response_events(self.owner.model, reply))
        elif body.get("stream"):
            self._stream(body, reply, self._chunks(body, reply))
        else:
            self._json(200, self._completion(reply))

    # --- replies ------------------------------------------------------------------------

    def _json(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _completion(self, reply: Reply) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": reply.text or None}
        if reply.tool_calls:
            message["tool_calls"] = [
                {
                    "id": c.id,
                    "type": "function",
                    "function": {"name": c.name, "arguments": c.arguments},
                }
                for c in reply.tool_calls
            ]
        return {
            "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": self.owner.model,
            "choices": [
                {
                    "index": 0,
                    "message": message,
                    "finish_reason": "tool_calls" if reply.tool_calls else "stop",
                }
            ],
            "usage": usage_of(reply),
        }

    def _stream(self, body: dict[str, Any], reply: Reply, chunks: Iterator[str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for n, chunk in enumerate(chunks):
                self._send(chunk)
                if n == 0 and reply.gate is not None:
                    reply.gate.wait(30)
                if reply.delay:
                    time.sleep(reply.delay)
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            self.owner.disconnects += 1
            self.close_connection = True

    def _send(self, line: str) -> None:
        data = line.encode()
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def _chunks(self, body: dict[str, Any], reply: Reply) -> Iterator[str]:
        base = {
            "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": self.owner.model,
            "system_fingerprint": "fp_standin",
        }

        def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
            choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
            return "data: " + json.dumps({**base, "choices": [choice]}) + "\n\n"

        yield chunk({"role": "assistant", "content": ""})
        if reply.malformed:
            yield 'data: {"id": "chatcmpl-broken", "choices": [{"delta": {"content": "Hel\n\n'
            return
        for piece in reply.text_pieces():
            yield chunk({"content": piece})
        for index, call in enumerate(reply.tool_calls):
            head = {"index": index, "id": call.id, "type": "function"}
            yield chunk(
                {"tool_calls": [{**head, "function": {"name": call.name, "arguments": ""}}]}
            )
            args = call.arguments
            step = max(1, len(args) // 3)
            for i in range(0, len(args), step):
                frag = {"index": index, "function": {"arguments": args[i : i + step]}}
                yield chunk({"tool_calls": [frag]})
        yield chunk({}, "tool_calls" if reply.tool_calls else "stop")
        if (body.get("stream_options") or {}).get("include_usage"):
            yield "data: " + json.dumps({**base, "choices": [], "usage": usage_of(reply)}) + "\n\n"
        yield "data: [DONE]\n\n"


def usage_of(reply: Reply) -> dict[str, int]:
    completion = reply.completion_tokens()
    return {
        "prompt_tokens": reply.prompt_tokens,
        "completion_tokens": completion,
        "total_tokens": reply.prompt_tokens + completion,
    }


def _error(message: str, kind: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}
