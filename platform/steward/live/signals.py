"""Signals of the durable sessions, sent after the appended event has committed.

``message_posted(session_id, event)``: a person (or tool) said something in a session.
``control_posted(session_id, event)``: a ``control.stop`` or ``control.steer`` was appended.
"""

from __future__ import annotations

from django.dispatch import Signal

message_posted = Signal()
control_posted = Signal()
