"""Demo pieces for ``manage.py loaddemo`` (steward.hosting.demo); loading twice adds nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from apps.editorial.models import Piece
from steward.access.teams import ensure_on_team
from steward.hosting.demo import demo_people

# (title, channel, status, days from today or None for unscheduled)
PIECES = [
    ("Launch post: the new idea board", "blog", "scheduled", 3),
    ("November newsletter", "newsletter", "review", 6),
    ("Customer story: Bluebird Health", "blog", "drafting", 12),
    ("Five onboarding tips (thread)", "social", "idea", 9),
    ("Product walkthrough video", "video", "drafting", 18),
    ("Podcast: building internal tools", "podcast", "published", -4),
    ("Year in review", "blog", "idea", None),
    ("Pricing FAQ", "social", "idea", None),
]


def load() -> dict[str, int]:
    """Create the demo pieces that are missing; returns how many were created."""
    maya, sam = demo_people()
    ensure_on_team((maya, sam), "editorial")
    today = timezone.localdate()
    created = 0
    for i, (title, channel, status, days) in enumerate(PIECES):
        due = None if days is None else today + dt.timedelta(days=days)
        _, new = Piece.objects.get_or_create(
            title=title,
            defaults={
                "channel": channel,
                "status": status,
                "due": due,
                "assignee": (sam, maya)[i % 2],
            },
        )
        created += new
    return {"pieces": created}
