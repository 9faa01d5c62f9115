"""Public skill publishing: the discovery index and SKILL.md files (GET and HEAD)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

from steward.skills.publishing import index, published


@require_safe
def well_known_index(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(index(), json_dumps_params={"indent": 2})
    response["Cache-Control"] = "public, max-age=60"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def skill_file(request: HttpRequest, name: str) -> HttpResponse:
    skill = published(name)
    if skill is None:
        raise Http404(f"No skill is called {name!r}; see /.well-known/agent-skills/index.json.")
    response = HttpResponse(skill.text, content_type="text/markdown; charset=utf-8")
    response["Cache-Control"] = "public, max-age=60"
    response["Access-Control-Allow-Origin"] = "*"
    response["ETag"] = f'"{skill.digest}"'
    return response
