"""Staff run Prove the Loop from an app page and watch for the verdict.

The waiting and the verdict happen in a background thread (the run itself executes in the
runner or a Celery worker); the verdict arrives in the session as a ``proof.completed``
event, which the proof page polls for (and links to the live session meanwhile).
"""

from __future__ import annotations

import logging
import threading

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from steward.agents.exceptions import CannotStartRun
from steward.gate.proving import Started, begin, finish
from steward.hosting.registry import hosted_apps
from steward.live.models import Event, Session, session_stream

logger = logging.getLogger(__name__)


def finish_in_background(started: Started) -> threading.Thread:
    def work() -> None:
        try:
            finish(started)
        except Exception:
            logger.exception("prove_loop of session %s failed", started.proof.session_id)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=work, name=f"prove-{started.proof.session_id}", daemon=True)
    thread.start()
    return thread


@login_required
@require_POST
def prove(request: HttpRequest, app: str) -> HttpResponse:
    if not request.user.is_staff:
        raise PermissionDenied("Only staff can run Prove the Loop.")
    if app not in hosted_apps:
        raise Http404(f"No hosted app {app!r}.")
    command = request.POST.get("command", "").strip()
    if not command:
        return HttpResponseBadRequest(
            'Say what the fresh agent should do, e.g. "add an idea called Tea tasting".'
        )
    try:
        started = begin(app=app, command=command, user=request.user)
    except (CannotStartRun, ValidationError) as exc:
        return HttpResponseBadRequest(str(exc))
    finish_in_background(started)
    url = reverse("gate-proof", args=[app, started.proof.session_id])
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@login_required
def proof(request: HttpRequest, app: str, session_id: str) -> HttpResponse:
    if not request.user.is_staff:
        raise PermissionDenied("Only staff can see Prove the Loop results.")
    session = Session.objects.filter(pk=session_id, app=app).first()
    if session is None:
        raise Http404(f"No proof session {session_id!r} in {app!r}.")
    event = (
        Event.objects.filter(stream__key=session_stream(session_id), type="proof.completed")
        .order_by("-seq")
        .first()
    )
    context = {
        "app": app,
        "session": session,
        "session_url": reverse("live-session", args=[session_id]),
        "verdict": event.data if event is not None else None,
    }
    name = "gate/_verdict.html" if getattr(request, "htmx", False) else "gate/proof.html"
    return render(request, name, context)
