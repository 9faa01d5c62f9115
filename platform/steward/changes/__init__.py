"""The change collector: which hosted-app records changed, inside a Safe Action or outside one.

One ``post_save`` / ``post_delete`` hook (connected in ChangesConfig.ready) watches every
hosted app's models. Inside an invocation (``collecting``) it notes each record on the
invocation's ChangeSet, which the invoke pipeline reports inside its transaction. Outside one
(Django admin, a shell, a migration of data) it reports the change at once, as made
"outside". Either way listeners of ``records_changed`` (the live app feed) hear it in the
transaction of the change itself.
"""

from steward.changes.collector import ChangeSet, collecting, current, report
from steward.changes.signals import records_changed

__all__ = ["ChangeSet", "collecting", "current", "records_changed", "report"]
