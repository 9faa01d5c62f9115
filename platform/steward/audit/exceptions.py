"""Errors of the audit package."""


class AuditError(Exception):
    """Base of every audit error."""


class AppendOnly(AuditError):
    """Someone tried to change or delete an audit entry; the log only grows."""


class ChainBroken(AuditError):
    """verify found an entry whose hash or link does not match its contents."""

    def __init__(self, message: str, *, entry_id: int, seq: int) -> None:
        super().__init__(message)
        self.entry_id = entry_id
        self.seq = seq


class UnknownKey(AuditError):
    """An entry is signed with a key id that STEWARD_AUDIT_KEYS does not (or no longer) hold."""
