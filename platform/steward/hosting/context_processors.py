from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from steward.hosting.registry import hosted_apps as registry


def hosted_apps(request: HttpRequest) -> dict[str, Any]:
    """Every page's navigation lists the hosted apps."""
    return {"hosted_apps": list(registry)}
