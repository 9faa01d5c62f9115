"""CRM Lite: the deal pipeline by stage, with companies and their contacts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.crm.models import Company, Deal, Stage
from steward.pages.action_forms import team_people
from steward.pages.decorators import app_page

NOBODY = "-"  # the owner filter's value for deals without an owner


def pipeline_context(request: HttpRequest) -> dict[str, Any]:
    """The pipeline as the filters ask: ``stage`` and ``owner`` (a username, or "-")."""
    only = request.GET.get("stage", "")
    owner = request.GET.get("owner", "")
    deals = Deal.objects.select_related("company", "owner")
    if owner == NOBODY:
        deals = deals.filter(owner__isnull=True)
    elif owner:
        deals = deals.filter(owner__username=owner)
    found = list(deals)
    stages = []
    for value, label in Stage.choices:
        if only and only != value:
            continue
        in_stage = [d for d in found if d.stage == value]
        total = sum((d.value for d in in_stage), Decimal(0))
        stages.append({"value": value, "label": label, "deals": in_stage, "total": total})
    return {
        "stages": stages,
        "stage_choices": Stage.choices,
        "filters": {"stage": only, "owner": owner},
        "owners": team_people("crm"),
        "nobody": NOBODY,
    }


def companies_context() -> dict[str, Any]:
    companies = Company.objects.annotate(deal_count=Count("deals")).prefetch_related("contacts")
    return {"companies": companies}


@app_page("crm")
def index(request: HttpRequest) -> HttpResponse:
    context = pipeline_context(request) | companies_context()
    return render(request, "crm/index.html", context)


@app_page("crm")
def pipeline(request: HttpRequest) -> HttpResponse:
    return render(request, "crm/_pipeline.html", pipeline_context(request))


@app_page("crm")
def companies(request: HttpRequest) -> HttpResponse:
    return render(request, "crm/_companies.html", companies_context())


@app_page("crm")
def forms(request: HttpRequest) -> HttpResponse:
    """The add forms alone: refetched on every change, so a new company is in their choices."""
    return render(request, "crm/_forms.html")
