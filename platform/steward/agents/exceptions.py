"""Why a run could not start or go on. Each message says what to do about it."""

from __future__ import annotations


class AgentError(Exception):
    """Base of agent-run errors."""

    code = "error"


class ModelError(AgentError):
    """The model server failed: HTTP error, timeout, unreachable, malformed stream."""

    code = "model_error"


class RunNotFound(AgentError, LookupError):
    code = "not_found"

    def __init__(self, run_id: str) -> None:
        super().__init__(f"No run is called {run_id!r}. Runs are listed on their session.")


class CannotStartRun(AgentError):
    """The caller may not start a run in this session (or the session is unknown)."""

    code = "denied"


class RunCancelled(AgentError):
    """Raised inside the loop when a stop arrives; ends the run ``cancelled``."""

    code = "cancelled"

    def __init__(self, by: str) -> None:
        super().__init__(f"Stopped by {by}.")
        self.by = by


class RunLost(RunCancelled):
    """This worker no longer owns the run (the reaper or a stop ended it): write nothing."""

    def __init__(self) -> None:
        super().__init__("the reaper (the run had already ended)")
