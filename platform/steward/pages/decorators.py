"""Access rules for hosted app pages: a logged-in person with a role on the app's team."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from steward.access.roles import Role
from steward.access.teams import has_role

View = Callable[..., HttpResponse]


def require_app_role(request: HttpRequest, app: str, needed: str = Role.VIEWER) -> None:
    """Raise PermissionDenied (403) unless the user holds ``needed`` on ``app``."""
    if not has_role(request.user, app, needed):
        raise PermissionDenied(
            f"You have no {needed} role on the {app} team. Ask an admin to add you."
        )


def app_page(app: str) -> Callable[[View], View]:
    """Decorate a hosted app's view: anonymous → login page, no role on the app → 403."""

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require_app_role(request, app)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
