"""Access rules for hosted app pages: a logged-in person with a role on the app's team.

Every refusal is audited here (status ``denied``, the person, ``page.view`` or the action
that was posted), so a stranger probing an app's pages leaves a trail like an agent would."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from steward.access.roles import Role
from steward.access.teams import has_role
from steward.audit.services import record

View = Callable[..., HttpResponse]


def require_app_role(
    request: HttpRequest, app: str, needed: str = Role.VIEWER, *, action: str = "page.view"
) -> None:
    """Raise PermissionDenied (403), audited as ``action``, unless the user holds ``needed``
    on ``app``."""
    if not has_role(request.user, app, needed):
        why = f"You have no {needed} role on the {app} team. Ask an admin to add you."
        audit_refusal(request, app, action=action, why=why)
        raise PermissionDenied(why)


def audit_refusal(request: HttpRequest, app: str, *, action: str, why: str) -> None:
    """One ``denied`` audit row for a person refused on ``app``'s pages."""
    user = request.user if request.user.is_authenticated else None
    record(
        actor_label=f"user:{user.get_username()}" if user else "anonymous",
        user=user,
        app=app,
        action=action,
        args={"method": request.method, "path": request.path[:500]},
        error={"code": "forbidden", "message": why},
        status="denied",
        client_addr=request.META.get("REMOTE_ADDR"),
        user_agent=request.headers.get("User-Agent", "")[:200],
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
