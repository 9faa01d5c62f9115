"""Template tags for hosted app pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.template import Context
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

LIVE_FEED_TEMPLATE = "live/app_feed.html"


@register.simple_tag(takes_context=True)
def live_feed(context: Context, app: str) -> SafeString:
    """Include the live package's app-feed snippet when it is installed, else nothing.

    The page keeps working (without live updates) in a build where the live package's
    template is missing.
    """
    try:
        snippet = get_template(LIVE_FEED_TEMPLATE)
    except template.TemplateDoesNotExist:
        return mark_safe("")
    flat: dict[str, Any] = {str(k): v for k, v in context.flatten().items()}
    flat["app"] = app
    return mark_safe(snippet.render(flat, context.get("request")))


@register.filter
def get_item(mapping: dict, key: object) -> object:
    """``{{ mapping|get_item:key }}`` for dictionaries keyed by a variable."""
    return mapping.get(key)


@register.simple_tag(takes_context=True)
def can_operate(context: Context, app: str) -> bool:
    """``{% can_operate "crm" as can_act %}``: may this user run the app's changing actions?"""
    from steward.access.roles import Role
    from steward.access.teams import has_role

    request = context.get("request")
    return request is not None and has_role(request.user, app, Role.OPERATOR)
