"""``{% agent_panel %}``: the docked agent panel of hosted app pages, from the base template.

The page's app is the URL namespace it was served under (each hosted app's urls.py is
included under its own name), so an app made with ``startsite`` gets the panel with no
code of its own. A page may name its app instead with ``agent_app`` in its context.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template import Context
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def page_app(context: Context) -> tuple[str, str] | None:
    """(name, title) of the hosted app this page belongs to, when the person may open it."""
    request = context.get("request")
    if request is None or not getattr(request.user, "is_authenticated", False):
        return None
    match = getattr(request, "resolver_match", None)
    name = context.get("agent_app") or (match.namespace if match else "")
    for app in context.get("hosted_apps") or ():  # the apps this person may open
        if app.name == name:
            return app.name, app.title
    return None


@register.simple_tag(takes_context=True)
def agent_panel(context: Context) -> SafeString:
    found = page_app(context)
    if found is None:
        return mark_safe("")
    from steward.agents.panel import panel_context

    request = context["request"]
    data = panel_context(request.user, *found, chosen=request.GET.get("session", ""))
    return mark_safe(render_to_string("agents/panel.html", data, request=request))


@register.simple_tag(takes_context=True)
def pending_approvals(context: Context) -> int:
    """How many approvals wait for this person's decision (apps they administer)."""
    request = context.get("request")
    if request is None or not getattr(request.user, "is_authenticated", False):
        return 0
    from steward.agents.inbox import pending_for

    return pending_for(request.user).count()


@register.filter
def ago(moment: Any) -> str:
    """ "just now", or "3 minutes ago" (Django's timesince, without "0 minutes")."""
    from django.utils import timezone
    from django.utils.timesince import timesince

    if moment is None:
        return ""
    if (timezone.now() - moment).total_seconds() < 60:
        return "just now"
    return f"{timesince(moment)} ago"


@register.filter
def state_words(state: str | None) -> str:
    """A run's state for people: "awaiting_approval" → "waiting for approval"."""
    from steward.agents.models import RunState

    if not state:
        return "no runs yet"
    if state == RunState.AWAITING_APPROVAL:
        return "waiting for approval"
    if state == RunState.CANCELLED:
        return "stopped"
    return state.replace("_", " ")


@register.inclusion_tag("agents/icon.html")
def icon(name: str, label: str = "") -> dict[str, Any]:
    """``{% icon "agent" %}``: an inline SVG icon (never an emoji, which depends on fonts)."""
    return {"name": name, "label": label}


@register.inclusion_tag("agents/activity.html", takes_context=True)
def recent_activity(context: Context, app: str = "", limit: int = 8) -> dict[str, Any]:
    """``{% recent_activity %}`` (the person's apps) or ``{% recent_activity "crm" %}``:
    who or which agent did what, when, from the audit log, with links to the session."""
    from steward.agents.activity import recent_for

    request = context.get("request")
    user = getattr(request, "user", None)
    return {"entries": recent_for(user, app=app or None, limit=limit), "app": app}
