"""Run a Safe Action from a form on an app page.

Page forms post to ``/apps/<app>/act/<action>/``. Their fields are turned into the action's
arguments following its JSON Schema, and the action runs through the one Safe Actions service
(``steward.actions.services.invoke``), so people and agents share validation, permissions and
the audit log. With htmx the answer is a short status snippet plus ``HX-Trigger:
steward:changed``, which makes every live region of the page refresh.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from steward.access.actors import Actor
from steward.actions.context import CallContext
from steward.actions.exceptions import ActionError
from steward.actions.outcome import Outcome
from steward.actions.registry import actions
from steward.actions.services import invoke
from steward.hosting.exceptions import UnknownApp
from steward.hosting.registry import hosted_apps
from steward.pages.decorators import require_app_role
from steward.pages.people_errors import for_people, page_status


def _types(prop: dict[str, Any]) -> set[str]:
    kinds = prop.get("type")
    found = set(kinds if isinstance(kinds, list) else [kinds] if kinds else [])
    for option in prop.get("anyOf", []) + prop.get("oneOf", []):
        found |= _types(option)
    return found


def _coerce(raw: str, kinds: set[str]) -> Any:
    if raw == "" and "null" in kinds:
        return None
    try:
        if "integer" in kinds:
            return int(raw)
        if "number" in kinds:
            number = float(raw)
            return int(number) if number.is_integer() else number
    except ValueError:
        return raw  # the action's validation explains what is wrong with it
    if "boolean" in kinds:
        return raw.lower() in {"1", "true", "on", "yes"}
    return raw


def form_to_args(schema: dict[str, Any], data: QueryDict) -> dict[str, Any]:
    """Arguments for an action from form fields; empty optional fields take the default."""
    required = set(schema.get("required", []))
    args: dict[str, Any] = {}
    for name, prop in schema.get("properties", {}).items():
        if name not in data:
            continue
        raw = str(data.get(name, "")).strip()
        kinds = _types(prop)
        if raw == "" and name not in required and "null" not in kinds:
            continue
        args[name] = _coerce(raw, kinds)
    return args


@require_POST
def act(request: HttpRequest, app: str, action: str) -> HttpResponse:
    try:
        hosted = hosted_apps.get(app)
    except UnknownApp as exc:
        raise Http404(str(exc)) from None
    if not request.user.is_authenticated:
        return redirect_to_login(hosted.url)
    require_app_role(request, app, action=action)
    try:
        spec = actions.get(app, action)
    except LookupError as exc:
        raise Http404(str(exc)) from None
    args = form_to_args(spec.input_schema(), request.POST)
    fields: dict[str, Any] = {}
    status = 200
    try:
        outcome = invoke_as_person(request, app=app, name=action, args=args)
    except ActionError as exc:
        error = for_people(exc, app=app)  # pages drop the hints meant for agents
        ok, text, fields, status = False, error.message, error.fields, page_status(exc)
    else:
        ok = True
        text = (
            "Sent for approval: an admin has to approve it first."
            if outcome.status == "pending"
            else request.POST.get("_done") or "Done."
        )
    if not request.htmx:  # type: ignore[attr-defined]
        if status == 403:  # a refusal is a 403 (invoke audited it), never "back to the page"
            raise PermissionDenied(text)
        messages.add_message(request, messages.SUCCESS if ok else messages.ERROR, text)
        return redirect(hosted.url)
    response = render(
        request,
        "pages/action_result.html",
        {"ok": ok, "text": text, "fields": fields},
        status=status,
    )
    if not ok:  # a 4xx answer: forms.js lets htmx swap it when HX-Reswap says how
        response["HX-Reswap"] = "innerHTML"
    if ok:
        response["HX-Trigger"] = "steward:changed"
    return response


def invoke_as_person(request: HttpRequest, *, app: str, name: str, args: Any) -> Outcome:
    """Run a Safe Action for the logged-in person, from a page (the one pipeline, audited)."""
    return invoke(
        actor=Actor.for_user(request.user),
        app=app,
        name=name,
        args=args,
        context=CallContext(
            client_addr=request.META.get("REMOTE_ADDR"),
            user_agent=request.headers.get("User-Agent", "")[:200] or None,
        ),
    )
