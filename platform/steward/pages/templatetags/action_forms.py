"""``{% action_form %}``: put any Safe Action's generated form anywhere on a page.

{% load action_forms %}
{% action_form "ideaboard" "update_idea" idea_id=idea.pk title=idea.title pitch=idea.pitch %}

Keyword arguments named like the action's parameters are initial values; a ``<model>_id``
given one is a hidden field (the form is for that record). Options: ``submit`` (the button's
words), ``done`` (the message after a success), ``hide`` (more parameters to hide, comma
separated) and ``form_id``. People whose role does not allow the action see nothing.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template import Context
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from steward.access.teams import has_role
from steward.actions.exceptions import UnknownAction
from steward.actions.registry import actions
from steward.pages.action_forms import FormOptions, build_form, record_model

register = template.Library()

OPTIONS = ("submit", "done", "hide", "form_id")


@register.simple_tag(takes_context=True)
def action_form(context: Context, app: str, name: str, **kwargs: Any) -> SafeString:
    try:
        spec = actions.get(app, name)
    except UnknownAction as exc:
        raise template.TemplateSyntaxError(f"{{% action_form %}}: {exc}") from None
    request = context.get("request")
    if request is None or not has_role(request.user, app, spec.permission):
        return mark_safe("")
    params = set(spec.serializer_class().fields)
    unknown = sorted(set(kwargs) - params - set(OPTIONS))
    if unknown:
        raise template.TemplateSyntaxError(
            f"{{% action_form {app!r} {name!r} %}}: {', '.join(unknown)} is neither a parameter "
            f"of {name} ({', '.join(sorted(params))}) nor an option ({', '.join(OPTIONS)})."
        )
    initial = {k: v for k, v in kwargs.items() if k in params}
    fixed = {k for k in initial if record_model(app, k) is not None}
    fixed |= {n.strip() for n in str(kwargs.get("hide", "")).split(",") if n.strip() in params}
    options = FormOptions(
        initial=initial,
        fixed=fixed,
        submit=str(kwargs.get("submit", "")),
        done=str(kwargs.get("done", "")),
        form_id=str(kwargs.get("form_id", "")),
    )
    form = build_form(spec, options)
    return mark_safe(render_to_string("pages/forms/form.html", {"form": form}, request=request))
