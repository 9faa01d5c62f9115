"""The tool loop of one run: ``execute(run_id)``, the code path of every runner.

Model call → stream text into the session → run the tool calls through Safe Actions →
feed the results back → repeat, until the model answers without tool calls, a stop
arrives, a call needs approval (the run waits, then resumes), or the step limit is hit.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings

from steward.agents import lifecycle
from steward.agents.calls import handle_calls, resume_messages
from steward.agents.control import RunControl
from steward.agents.exceptions import ModelError, RunCancelled
from steward.agents.instructions import initial_messages
from steward.agents.model_client import ModelStream, is_configured, model_for, open_stream
from steward.agents.models import Run, RunState
from steward.agents.streaming import StepOutput, consume
from steward.agents.tools import ToolBox
from steward.agents.transcript import Transcript
from steward.metrics import definitions as metrics

logger = logging.getLogger(__name__)

DEMO_LABEL = "steward-demo (offline)"


def execute(run_id: str) -> None:
    """Run ``run_id`` if it is queued (and its session free); a no-op otherwise."""
    run = lifecycle.claim(run_id)
    if run is None:
        return
    try:
        drive(run)
    finally:
        if run.parent_id is None:
            from steward.agents.runner import dispatch_next

            dispatch_next(run.session_id)


def open_model(
    run: Run, messages: list[dict[str, Any]], tools: list[dict[str, Any]]
) -> ModelStream:
    if run.model == DEMO_LABEL:
        from steward.agents.demo_model import DemoStream

        return DemoStream(messages, tools)
    return open_stream(model=run.model, messages=messages, tools=tools)


def drive(run: Run) -> None:
    transcript = Transcript(run, output=run.output)
    resumed = bool(run.messages)
    control = RunControl(run, after_seq=None if resumed else run.prompt_seq)
    announced = False

    def announce() -> None:
        nonlocal announced
        if announced or resumed:
            return
        announced = True
        transcript.lead(  # written with the run's first event (see Transcript)
            "run.started",
            {
                "model": run.model,
                "demo": run.model == DEMO_LABEL,
                "parent": run.parent_id,
                "prompt_seq": run.prompt_seq,
                "tools": toolbox.names if toolbox is not None else [],
            },
        )

    toolbox: ToolBox | None = None
    try:
        toolbox = ToolBox(run)
        messages = resume_messages(run, transcript) if resumed else initial_messages(run)
        run.timings.setdefault("prepared_ms", lifecycle.ms_since(run))  # tools + prompt ready
        announce()
        loop(run, transcript, control, toolbox, messages)
    except RunCancelled as stop:
        announce()
        lifecycle.finish(
            run,
            transcript,
            state=RunState.CANCELLED,
            event="run.cancelled",
            data={"by": stop.by, "stopped_by": stop.by, "partial": transcript.text},
        )
    except ModelError as exc:
        announce()
        _fail(run, transcript, str(exc))
    except Exception as exc:
        logger.exception("Run %s failed", run.id)
        announce()
        _fail(
            run,
            transcript,
            f"The run failed on an internal error ({exc.__class__.__name__}: {exc}). "
            "The session keeps working; the server log has the details.",
        )


def run_model(app: str) -> str:
    """The model a new run of ``app`` talks to: the configured one, or the offline demo."""
    return model_for(app) if is_configured() else DEMO_LABEL


def _fail(run: Run, transcript: Transcript, message: str) -> None:
    lifecycle.finish(
        run,
        transcript,
        state=RunState.FAILED,
        event="run.failed",
        data={"message": message, "error": message, "partial": transcript.text},
        error=message,
    )


def loop(
    run: Run,
    transcript: Transcript,
    control: RunControl,
    toolbox: ToolBox,
    messages: list[dict[str, Any]],
) -> None:
    max_steps = settings.STEWARD_MAX_STEPS
    while run.steps < max_steps:
        if run.steps:  # the first step checks once its request is on its way (consume)
            control.check()
        for steer in control.take_steers():
            text = steer.data["text"]
            messages.append(
                {"role": "user", "content": f"[{steer.by or 'A person'} steers you] {text}"}
            )
            transcript.event("run.steered", {"text": text, "by": steer.by, "seq": steer.seq})
        transcript.new_message()
        stream = open_model(run, messages, toolbox.schemas)
        out = consume(stream, transcript, control)
        run.steps += 1
        run.prompt_tokens += out.usage.prompt_tokens
        run.completion_tokens += out.usage.completion_tokens
        metrics.model_tokens.labels("prompt").inc(out.usage.prompt_tokens)
        metrics.model_tokens.labels("completion").inc(out.usage.completion_tokens)
        messages.append(assistant_message(out))
        if out.calls:
            pending = handle_calls(run, out.calls, toolbox, transcript, control, messages)
            if pending:
                lifecycle.suspend(run, transcript, messages, pending)
                return
            continue
        control.poll()
        if control.steers:
            continue  # a steer arrived during the final answer: one more step with it
        lifecycle.finish(
            run,
            transcript,
            state=RunState.COMPLETED,
            event="run.completed",
            data={"text": transcript.text, "model": run.model},
        )
        return
    _fail(
        run,
        transcript,
        f"The run made {max_steps} model calls without a final answer and was stopped "
        "(STEWARD_MAX_STEPS). Ask again with a narrower request, or raise the limit.",
    )


def assistant_message(out: StepOutput) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": out.text or None}
    if out.calls:
        message["tool_calls"] = [
            {
                "id": call.id,
                "type": "function",
                "function": {"name": call.name, "arguments": call.arguments},
            }
            for call in out.calls
        ]
    return message
