"""Consume one model stream while staying responsive to stop and steer.

The stream is read by a helper thread into a queue, so the run's own thread wakes at
least every 50 ms even when the model stalls: it flushes buffered text, notices a stop
and closes the model stream at once (abandoning the helper thread), and beats. The first
check for a stop comes with the first chunk or tick, once the request is on its way.
"""

from __future__ import annotations

import queue
import threading
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


def consume(stream: ModelStream, transcript: Transcript, control: RunControl) -> StepOutput:
    """Read ``stream`` to its end, writing its text into the transcript as it comes."""
    items: queue.SimpleQueue[object] = queue.SimpleQueue()
    first_written = threading.Event()

    def pump() -> None:
        try:
            for item in stream:
                items.put(item)
                if not first_written.is_set() and isinstance(item, TextDelta):
                    # Hold the next chunks until the first text is in the log: the two
                    # threads share one interpreter lock, and the first token comes first.
                    first_written.wait(TICK)
            items.put(_End())
        except BaseException as exc:  # handed to the run's thread, which decides
            items.put(_Failure(exc))

    threading.Thread(target=pump, name="model-stream", daemon=True).start()
    out = StepOutput()
    parts: list[str] = []
    try:
        while True:
            try:
                item = items.get(timeout=TICK)
            except queue.Empty:
                control.check()
                transcript.flush_lead()  # e.g. run.started, when the model is slow to start
                transcript.flush_if_due()
                continue
            if isinstance(item, _End):
                break
            if isinstance(item, _Failure):
                raise item.exc
            if isinstance(item, TextDelta):
                parts.append(item.text)
                transcript.delta(item.text)
                first_written.set()
            elif isinstance(item, ToolCalls):
                out.calls.extend(item.calls)
            elif isinstance(item, Usage):
                out.usage = item
            control.check()  # after the item, so the first token never waits for a poll
    except BaseException:  # stop, model failure, a broken write: never leave it streaming
        stream.close()
        raise
    transcript.flush()
    out.text = "".join(parts)
    return out
