"""Approvals where they are asked: the inbox at /approvals/ and the decide edge.

Deciding calls the one service (``steward.agents.decisions.decide``), which also resumes
the run waiting for the call; every viewer of the session sees the card's result arrive.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from steward.actions.models import Approval
from steward.actions.record_labels import record_label
from steward.agents.models import Run
from steward.agents.words import action_words, arguments_summary
from steward.live.models import Session

NO_REASON = "No reason given."


def admin_apps(user: Any) -> set[str]:
    """The apps whose approvals ``user`` may decide (their admin role; every app for superusers)."""
    from steward.access.models import Membership
    from steward.access.teams import apps_visible_to

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return apps_visible_to(user)
    return set(Membership.objects.filter(user=user, role="admin").values_list("app", flat=True))


def pending_for(user: Any) -> QuerySet[Approval]:
    return Approval.objects.filter(state=Approval.State.PENDING, app__in=admin_apps(user))


def describe(approvals: list[Approval]) -> list[dict[str, Any]]:
    """Each approval with its action and arguments in words, and who asked where."""
    runs = {r.id: r for r in Run.objects.filter(pk__in=[a.run_id for a in approvals if a.run_id])}
    sessions = Session.objects.filter(pk__in=[a.session_id for a in approvals if a.session_id])
    titles = {s.id: s.title or "Untitled session" for s in sessions}
    rows = []
    for approval in approvals:
        run = runs.get(approval.run_id)
        record = record_label(approval.app, approval.args)
        rows.append(
            {
                "approval": approval,
                "action": action_words(approval.action),
                "arguments": arguments_summary(approval.args, without_ids=bool(record)),
                "record": record,
                "agent": (run.model or run.agent) if run else approval.requested_by,
                "asked_for": run.started_by.removeprefix("user:") if run else "",
                "session_title": titles.get(approval.session_id, ""),
            }
        )
    return rows


@login_required
def approvals_page(request: HttpRequest) -> HttpResponse:
    """``/approvals/``: pending approvals of the apps this person administers, oldest first."""
    pending = list(pending_for(request.user).order_by("created")[:200])
    apps = admin_apps(request.user)
    decided = list(
        Approval.objects.filter(app__in=apps)
        .exclude(state=Approval.State.PENDING)
        .select_related("decided_by")
        .order_by("-decided")[:20]
    )
    return render(
        request,
        "agents/approvals.html",
        {"pending": describe(pending), "decided": describe(decided), "administers": sorted(apps)},
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """POST ``decision`` = approve | reject (``reason`` optional): decide one approval.

    Answers JSON to the panel's script (``Accept: application/json``), otherwise redirects
    back to ``next`` (the inbox) with a message."""
    from steward.actions.exceptions import ActionError, ActionInvalid
    from steward.agents.decisions import decide as decide_approval

    decision = request.POST.get("decision", "")
    reason = request.POST.get("reason", "").strip()
    wants_json = "application/json" in request.headers.get("Accept", "")
    try:
        if decision not in ("approve", "reject"):
            raise ActionInvalid("Send decision=approve or decision=reject.")
        approval = decide_approval(
            approval_id=pk,
            by=request.user,
            approve=decision == "approve",
            reason=reason or NO_REASON,
        )
    except ActionError as exc:
        if wants_json:
            return JsonResponse(exc.to_dict(), status=exc.http_status)
        messages.error(request, f"Approval #{pk}: {exc.message}")
        return _back(request)
    if wants_json:
        return JsonResponse(approval.to_dict())
    verb = {"approved": "approved", "rejected": "rejected"}.get(
        approval.state, "approved, but the action failed"
    )
    messages.success(request, f"{action_words(approval.action)} ({approval.app}): {verb}.")
    return _back(request)


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/approvals/"
    return redirect(target or "/approvals/")
