"""Consume one model stream while staying responsive to stop and steer.

The stream is read by a helper thread into a queue, so the run's own thread wakes at
least every 50 ms even when the model stalls: it flushes buffered text, notices a stop
and closes the model stream at once (abandoning the helper thread), and beats.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from steward.agents.control import RunControl
from steward.agents.model_client import ModelStream, TextDelta, ToolCallRequest, ToolCalls, Usage
from steward.agents.transcript import Transcript

TICK = 0.05


@dataclass
class StepOutput:
    text: str = ""
    calls: list[ToolCallRequest] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)


class _End:
    pass


@dataclass
class _Failure:
    exc: BaseException


def consume(
    stream: ModelStream,
    transcript: Transcript,
    control: RunControl,
    *,
    while_waiting: Callable[[], None] | None = None,
) -> StepOutput:
    """Read ``stream`` to its end; ``while_waiting`` runs once the request is on its way."""
    items: queue.SimpleQueue[object] = queue.SimpleQueue()

    def pump() -> None:
        try:
            for item in stream:
                items.put(item)
            items.put(_End())
        except BaseException as exc:  # handed to the run's thread, which decides
            items.put(_Failure(exc))

    threading.Thread(target=pump, name="model-stream", daemon=True).start()
    out = StepOutput()
    parts: list[str] = []
    try:
        if while_waiting is not None:
            while_waiting()  # e.g. log run.started while the model thinks: saves a round trip
        control.check()  # while the model thinks, rather than before the request
        while True:
            try:
                item = items.get(timeout=TICK)
            except queue.Empty:
                item = None
            control.check()
            if item is None:
                transcript.flush_if_due()
                continue
            if isinstance(item, _End):
                break
            if isinstance(item, _Failure):
                raise item.exc
            if isinstance(item, TextDelta):
                parts.append(item.text)
                transcript.delta(item.text)
            elif isinstance(item, ToolCalls):
                out.calls.extend(item.calls)
            elif isinstance(item, Usage):
                out.usage = item
    except BaseException:  # stop, model failure, a broken write: never leave it streaming
        stream.close()
        raise
    transcript.flush()
    out.text = "".join(parts)
    return out
