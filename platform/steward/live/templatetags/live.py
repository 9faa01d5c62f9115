from __future__ import annotations

from django import template

from steward.live.models import app_stream
from steward.live.services import tail

register = template.Library()


@register.simple_tag
def live_feed_tail(app: str) -> int:
    """The app feed's last seq: a page rendered now only needs what comes after."""
    return tail(app_stream(str(app)))
