from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from steward.access.teams import apps_visible_to
from steward.hosting.registry import hosted_apps as registry


def hosted_apps(request: HttpRequest) -> dict[str, Any]:
    """Every page's navigation lists the hosted apps this person may open."""
    user = getattr(request, "user", None)
    visible = apps_visible_to(user) if user is not None else set()
    return {"hosted_apps": [app for app in registry if app.name in visible]}
