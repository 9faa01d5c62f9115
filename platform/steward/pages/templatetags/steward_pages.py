"""Template tags for hosted app pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.template import Context
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from steward.access.roles import Role
from steward.access.teams import has_role
from steward.pages import values

register = template.Library()

LIVE_FEED_TEMPLATE = "live/app_feed.html"


def _include_if_present(context: Context, name: str, **extra: Any) -> SafeString:
    """Render template ``name`` with the page's context plus ``extra``; "" when it is missing.

    App pages include snippets other packages own (the live feed, the Prove the Loop button);
    a page keeps working, without that feature, in a build where the snippet is absent.
    """
    try:
        snippet = get_template(name)
    except template.TemplateDoesNotExist:
        return mark_safe("")
    flat: dict[str, Any] = {str(k): v for k, v in context.flatten().items()}
    flat.update(extra)
    return mark_safe(snippet.render(flat))


@register.simple_tag(takes_context=True)
def live_feed(context: Context, app: str) -> SafeString:
    """``{% live_feed "crm" %}``: the live package's app-feed script, which fires
    ``steward:changed`` on <body> for each change so the page's htmx regions refresh."""
    return _include_if_present(context, LIVE_FEED_TEMPLATE, app=app)


@register.simple_tag(takes_context=True)
def optional_include(context: Context, name: str, **extra: Any) -> SafeString:
    """``{% optional_include "gate/prove_button.html" app="crm" %}``: include when present."""
    return _include_if_present(context, name, **extra)


@register.simple_tag(takes_context=True)
def can_operate(context: Context, app: str) -> bool:
    """``{% can_operate "crm" as can_act %}``: may this user run the app's changing actions?"""
    request = context.get("request")
    return request is not None and has_role(request.user, app, Role.OPERATOR)


@register.filter
def money(amount: Any) -> str:
    """``{{ deal.value|money }}``: "$15,000", as every page shows money (steward.pages.values)."""
    return "" if amount is None or amount == "" else values.money(amount)


@register.filter
def day(moment: Any) -> str:
    """``{{ deal.close_date|day }}``: "2 Dec 2026" ("2 Dec 2026, 15:04" for a moment)."""
    return "" if moment is None or moment == "" else values.day(moment)
