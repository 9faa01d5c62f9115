"""Which sessions a person sees: theirs per app, newest activity first, with their runs counted.

A session's last activity is its latest run (each message starts one), or its creation.
The panel's "current" session is the person's session of the app with the latest activity,
so every tab and every device of that person opens the same one.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, DateTimeField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from steward.agents.models import ACTIVE_STATES, Run
from steward.live.models import Session


def sessions_of(
    user: Any, *, app: str | None = None, apps: set[str] | None = None
) -> QuerySet[Session]:
    """``user``'s sessions (of ``app``, or of any of ``apps``), latest activity first."""
    main = Run.objects.filter(session_id=OuterRef("pk"), parent__isnull=True)
    latest = main.order_by("-created").values("created")[:1]
    last_state = main.order_by("-created").values("state")[:1]
    runs = main.order_by().values("session_id").annotate(n=Count("pk")).values("n")[:1]
    sessions = Session.objects.filter(created_by=user)
    if app is not None:
        sessions = sessions.filter(app=app)
    if apps is not None:
        sessions = sessions.filter(app__in=apps)
    return sessions.annotate(
        last_activity=Coalesce(Subquery(latest, output_field=DateTimeField()), "created"),
        last_state=Subquery(last_state),
        run_count=Coalesce(Subquery(runs), 0),
    ).order_by("-last_activity", "-created")


def current_session(user: Any, app: str) -> Session | None:
    return sessions_of(user, app=app).first()


def is_active(state: str | None) -> bool:
    return state in {str(s) for s in ACTIVE_STATES}
