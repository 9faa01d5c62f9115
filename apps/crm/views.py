"""CRM Lite: the deal pipeline by stage, with companies and their contacts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.crm.models import Company, Deal, Stage
from steward.pages.decorators import app_page


def pipeline_context() -> dict[str, Any]:
    deals = list(Deal.objects.select_related("company", "owner"))
    stages = []
    for value, label in Stage.choices:
        in_stage = [d for d in deals if d.stage == value]
        total = sum((d.value for d in in_stage), Decimal(0))
        stages.append({"value": value, "label": label, "deals": in_stage, "total": total})
    return {"stages": stages, "stage_choices": Stage.choices}


def companies_context() -> dict[str, Any]:
    companies = Company.objects.annotate(deal_count=Count("deals")).prefetch_related("contacts")
    return {"companies": companies}


@app_page("crm")
def index(request: HttpRequest) -> HttpResponse:
    context = pipeline_context() | companies_context()
    return render(request, "crm/index.html", context)


@app_page("crm")
def pipeline(request: HttpRequest) -> HttpResponse:
    return render(request, "crm/_pipeline.html", pipeline_context())


@app_page("crm")
def companies(request: HttpRequest) -> HttpResponse:
    return render(request, "crm/_companies.html", companies_context())
