"""Agent runs: a person (or agent) says something in a session; an agent answers with tools.

Flow: ``services.say`` (the message into the log, then a queued Run) →
``runner.submit`` (Celery task or in-process thread) → ``loop.execute(run_id)``: model
call (openai client, streaming; or the offline demo model) → ``run.delta`` events into
the session → tool calls through ``actions.invoke`` as the run's token → results back to
the model → … → ``run.completed`` / ``failed`` / ``cancelled`` / ``interrupted``.

Choices worth knowing:

* **Whose authority.** A run started by a person acts through a run-scoped agent token
  issued to that person for the session's app, limited to the actions the person's role
  allows when the run starts (a viewer's would be read-only; only operators and admins
  start runs); every call checks the role again. A run started by an agent token uses
  that token. The audit log names the token, session, run.
* **A message during a run** is queued as the session's next turn; it starts when the
  active run ends. A run awaiting approval still holds the session. A queued turn says
  so: ``run.queued`` (its ``run`` is the queued turn; data ``{"reason": "waiting for an
  admin to decide archive_idea", "behind": <the run ahead>}``) is appended when it is
  queued behind another turn and again when the turn ahead parks on an approval.
  ``stop`` cancels the running run, its sub-agents, a run awaiting approval and the
  queued turns.
* **Steer** joins the conversation at the next step boundary (after the current model
  call and its tool calls), as a user message naming who steered; ``run.steered`` marks
  the moment in the transcript. A steer during the final answer earns one more step.
* **Approvals** park the run (``awaiting_approval``, conversation stored on the Run); the
  decision resumes it on any runner. A sub-agent parks the same way, and its parent parks
  with it (holding no thread) until all the sub-agents of that delegation have ended.
* **Sub-agents** run on threads of their parent's worker, concurrently, with a subset of
  the parent's tools and token; their events carry their own ``agent`` name.
* **Crashes.** Runs beat a heartbeat; the reaper (every worker, the ASGI process, the
  in-process runner) marks runs without one ``interrupted`` with their partial output,
  and hands a queued turn that no worker took (the broker was down when it was
  submitted) to the runner again; the claim lets only one of its tasks run it.
"""
