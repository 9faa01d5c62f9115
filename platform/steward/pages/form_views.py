"""Generated action forms: the per-app Actions page and the one view every such form posts to.

A post runs the action through ``steward.actions.services.invoke`` (the pipeline agents use:
permissions, validation, approvals, audit). The answer is the form again, swapped in place
of itself by htmx: fresh with a "Done." after a success, or with what was typed and an error
beside each field (and a 4xx status, 422 when the form needs a change) after a failure.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from steward.access.teams import has_role
from steward.actions.exceptions import ActionError
from steward.actions.registry import actions
from steward.actions.spec import ActionSpec
from steward.hosting.exceptions import UnknownApp
from steward.hosting.registry import HostedApp, hosted_apps
from steward.pages.action_forms import ActionForm, FormOptions, build_form
from steward.pages.decorators import require_app_role
from steward.pages.form_parse import FormProblems, parse_form
from steward.pages.page_actions import invoke_as_person
from steward.pages.people_errors import PeopleError, field_words, for_people, page_status
from steward.pages.records import record_exists
from steward.pages.result_view import show

FORM_TEMPLATE = "pages/forms/form.html"


def allowed_actions(request: HttpRequest, app: str) -> list[ActionSpec]:
    """The app's actions this person's role allows, changing ones first."""
    specs = [s for s in actions.for_app(app) if has_role(request.user, app, s.permission)]
    return sorted(specs, key=lambda s: (s.read_only, s.destructive, s.name))


@login_required
def actions_page(request: HttpRequest, app: str) -> HttpResponse:
    """Every action the person may run on ``app``, each with its generated form."""
    hosted = _hosted(app)
    require_app_role(request, app)
    forms = [build_form(spec, FormOptions()) for spec in allowed_actions(request, app)]
    context = {"hosted": hosted, "forms": forms}
    if request.GET.get("region"):  # the live region alone, refetched when the data changes
        return render(request, "pages/forms/_action_cards.html", context)
    return render(request, "pages/forms/actions_page.html", context)


@login_required
@require_POST
def submit(request: HttpRequest, app: str, action: str) -> HttpResponse:
    hosted = _hosted(app)
    require_app_role(request, app, action=action)
    try:
        spec = actions.get(app, action)
    except LookupError as exc:
        raise Http404(str(exc)) from None
    options = options_from_post(request.POST)
    try:
        args = parse_form(spec.serializer_class, request.POST)
        outcome = invoke_as_person(request, app=app, name=action, args=args)
    except FormProblems as problems:
        fields = {**_other_problems(spec, problems.args_read, app), **problems.fields}
        error = PeopleError("Some fields need a change; see below.", fields)
        return _failed(request, hosted, spec, options, error, status=422)
    except ActionError as exc:
        return _failed(request, hosted, spec, options, for_people(exc, app=app), page_status(exc))
    if outcome.status == "pending":
        text = "Sent for approval: an admin has to approve it before it happens."
    else:
        text = options.done or "Done."
    record = request.POST.get("_record", "")
    gone = bool(record) and not record_exists(app, record)
    if not request.htmx:  # type: ignore[attr-defined]
        messages.success(request, text)
        return redirect(hosted.url if gone else _next(request, hosted))
    if not spec.read_only and not options.fixed:
        options.initial = _initial_from_post(request.POST)
    elif options.fixed:  # an edit form: what was just saved is now its starting point
        params = spec.serializer_class().fields
        options.initial = {k: v for k, v in request.POST.items() if k in params}
    form = build_form(spec, options)
    form.ok, form.message, form.record = True, text, record
    if spec.read_only:
        result = outcome.body.get("result", outcome.body)
        form.result = json.dumps(result, indent=2)[:20_000]
        form.result_shown = show(result, app=app)
    response = render(request, FORM_TEMPLATE, {"form": form})
    if not spec.read_only:
        response["HX-Trigger"] = "steward:changed"
    if gone:
        response["HX-Redirect"] = hosted.url
    return response


def _other_problems(spec: ActionSpec, readable: dict[str, Any], app: str) -> dict[str, str]:
    """What the action's own validation says about the fields that could be read, so a form
    with an unreadable number and a blank title shows both at once. Validation only: nothing
    runs and nothing is audited until the person sends the form again."""
    serializer = spec.serializer_class(data=readable)
    if serializer.is_valid():
        return {}
    return field_words({k: v for k, v in serializer.errors.items() if k in readable}, app=app)


def options_from_post(data: QueryDict) -> FormOptions:
    """How the posted form was placed, so the answer can draw the same form again."""
    fixed = {name for name in data.get("_fixed", "").split(",") if name}
    return FormOptions(
        initial=_initial_from_post(data),
        fixed=fixed,
        submit=data.get("_submit", "")[:80],
        done=data.get("_done", "")[:200],
        form_id=data.get("_form_id", "")[:120],
    )


def _initial_from_post(data: QueryDict) -> dict[str, Any]:
    try:
        initial = json.loads(data.get("_initial") or "{}")
    except ValueError:
        return {}
    return initial if isinstance(initial, dict) else {}


def _failed(
    request: HttpRequest,
    hosted: HostedApp,
    spec: ActionSpec,
    options: FormOptions,
    error: PeopleError,
    status: int,
) -> HttpResponse:
    form: ActionForm = build_form(spec, options, data=request.POST, errors=error.fields)
    form.ok, form.message = False, error.message
    unplaced = {
        name: text
        for name, text in error.fields.items()
        if name not in {f.name for f in form.visible_fields}
    }
    if unplaced:  # an error about a hidden field (the record itself) goes to the top
        form.message = " ".join([form.message, *unplaced.values()]).strip()
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, FORM_TEMPLATE, {"form": form}, status=status)
    context = {"hosted": hosted, "forms": [form]}
    return render(request, "pages/forms/actions_page.html", context, status=status)


def _next(request: HttpRequest, hosted: HostedApp) -> str:
    target = request.POST.get("_next") or request.headers.get("Referer", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return hosted.url


def _hosted(app: str) -> HostedApp:
    try:
        return hosted_apps.get(app)
    except UnknownApp as exc:
        raise Http404(str(exc)) from None
