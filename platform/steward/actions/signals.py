"""Signals of Safe Actions, for the live layer and agent runs.

``data_changed`` is sent by invoke inside the action's transaction, after the action ran
(never for dry runs), with kwargs ``app``, ``action``, ``actor_label``, ``changes`` (a list of
``{"model": "ideaboard.idea", "ids": [1], "op": "created"|"updated"|"deleted"}``),
``session_id`` and ``run_id``. Receivers that write join the transaction.

``approval_decided`` is sent on commit of an approval decision, with kwargs ``approval_id``,
``state`` ("approved", "rejected" or "failed") and ``result`` (the response body).
"""

from django.dispatch import Signal

data_changed = Signal()
approval_decided = Signal()
