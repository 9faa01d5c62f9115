"""django-eventstream's model storage, holding no database connection between reads.

Under ASGI each SSE request runs its storage reads in a thread of its own that lives as long
as the stream, and Django closes a request's connection only when the request ends: stock,
every subscriber would hold a PostgreSQL connection for good (100 subscribers exhaust a
default PostgreSQL). A team deploying it to many subscribers has to release the connection
after each read, as this does; the reads themselves (at connect, and when a listener's queue
overflowed) are unchanged, and so are writes.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django_eventstream.storage import DjangoModelStorage


class ReleasingModelStorage(DjangoModelStorage):  # type: ignore[misc]
    def get_events(self, channel: str, last_id: int, limit: int = 100) -> Any:
        try:
            return super().get_events(channel, last_id, limit=limit)
        finally:
            connection.close()

    def get_current_id(self, channel: str) -> Any:
        try:
            return super().get_current_id(channel)
        finally:
            connection.close()
