"""``records_changed``: hosted-app records changed (sent inside the change's transaction).

Keyword arguments: ``app``, ``changes`` (a list of ``{"model": "ideaboard.idea", "ids": [1],
"op": "created" | "updated" | "deleted"}``), ``action`` (None for a change made outside a
Safe Action), ``actor_label`` ("outside" then), ``session_id`` and ``run_id``. A receiver
that writes joins the transaction; one that raises rolls the change back.
"""

from django.dispatch import Signal

records_changed = Signal()
