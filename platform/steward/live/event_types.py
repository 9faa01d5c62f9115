"""Which event types clients may append, and which only the platform writes.

The platform's own namespaces carry meaning that others act on (a ``run.completed`` ends a
run in every tab, a ``session.message`` reads as a person's words, ``presence.*`` names who
is watching), so a client that could append them could forge them. Clients append any
other namespaced type (``note.added``, ``ci.finished`` …). Platform code appends through
steward.live.services, which does not check: this rule is for the edges clients write
through (the stream POST today).
"""

from __future__ import annotations

from steward.live.exceptions import ReservedType

# Every namespace the platform writes (grep the code for ``type="…"`` when adding one).
RESERVED_NAMESPACES = frozenset(
    {"app", "control", "message", "presence", "proof", "run", "session"}
)


def is_reserved(type: str) -> bool:
    # Case and spacing folded: "Run.completed" must not pass for the real thing in a UI.
    return type.split(".", 1)[0].strip().lower() in RESERVED_NAMESPACES


def check_client_type(type: str) -> None:
    """Raise ReservedType when a client may not append events of ``type``."""
    if is_reserved(type):
        namespaces = ", ".join(f"{n}.*" for n in sorted(RESERVED_NAMESPACES))
        raise ReservedType(
            f"Event type {type!r} is written only by the platform ({namespaces} are "
            "reserved). Use a namespace of your own, such as 'note.added'."
        )
