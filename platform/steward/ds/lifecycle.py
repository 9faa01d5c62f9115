"""Finding a stream to change, deleting it, and expiry: the rules forks add to both.

A stream nobody forked is deleted outright (its chunks and producers go with it). One
with living forks is only marked ``deleted``: it answers 410 and its path stays taken
until its last fork goes, when it is removed too (and so on up the chain). An expired
stream is treated the same way, as if it had been deleted when it expired.
"""

from __future__ import annotations

from django.db import transaction

from steward.ds import notify
from steward.ds.exceptions import Gone, NotFound
from steward.ds.models import DsStream


def locked(path: str) -> DsStream:
    """The live stream at ``path``, its row locked; raises NotFound or Gone."""
    stream = DsStream.objects.select_for_update().filter(path=path).first()
    if stream is None or (stream.is_expired() and not stream.forks.exists()):
        raise NotFound(f"No stream at {path}. Create it first with PUT.")
    if stream.is_gone():
        raise Gone(f"The stream at {path} was deleted; forks of it still read its data.")
    return stream


def remove(stream: DsStream) -> None:
    """Delete ``stream`` (soft while forks live), then parents only it kept alive."""
    if stream.forks.exists():
        stream.deleted = True
        stream.save(update_fields=["deleted"])
        return
    parent_id = stream.forked_from_id
    stream.delete()
    transaction.on_commit(lambda: notify.publish(stream.path))
    if parent_id is None:
        return
    parent = DsStream.objects.select_for_update().filter(pk=parent_id).first()
    if parent is not None and (parent.deleted or parent.is_expired()):
        remove(parent)


@transaction.atomic
def delete_stream(*, path: str) -> None:
    remove(locked(path))


def expire(path: str) -> None:
    """Apply an expiry noticed by a reader: the stream goes (or is soft-deleted)."""
    with transaction.atomic():
        stream = DsStream.objects.select_for_update().filter(path=path).first()
        if stream is not None and stream.is_expired() and not stream.deleted:
            remove(stream)


def purge_expired() -> int:
    """Delete every expired stream (soft-delete those with forks); returns how many."""
    gone = 0
    streams = DsStream.objects.filter(deleted=False).exclude(
        ttl_seconds__isnull=True, expires_at__isnull=True
    )
    for stream in streams.only("path", "ttl_seconds", "expires_at", "last_access"):
        if stream.is_expired():
            expire(stream.path)
            gone += 1
    return gone
