"""Safe Actions of the CRM: companies, contacts and the deal pipeline."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Sum
from rest_framework import serializers

from steward.actions import Param, action
from steward.actions.context import ActionContext
from steward.actions.exceptions import ActionInvalid
from steward.actions.records import get_record

from .models import Activity, Company, Contact, Deal, Stage

Id = Annotated[int, Param(min_value=1)]
CLOSED = (Stage.WON, Stage.LOST)
MAX_VALUE = 9_999_999_999.99  # Deal.value: 12 digits, 2 after the point


def _save(obj: Any) -> Any:
    """Save after the model's own field checks, so a value that cannot be stored is a 400."""
    obj.full_clean(validate_unique=False, validate_constraints=False)
    obj.save()
    return obj


class AddCompanyInput(serializers.Serializer):
    name = serializers.CharField(max_length=200, help_text="The company's name (unique).")
    website = serializers.URLField(max_length=200, required=False, default="", allow_blank=True)


class AddContactInput(serializers.Serializer):
    company_id = serializers.IntegerField(min_value=1)
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(max_length=254, required=False, default="", allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)


def _deal(deal: Deal) -> dict[str, Any]:
    return {
        "id": deal.pk,
        "title": deal.title,
        "company": deal.company.name,
        "stage": deal.stage,
        "value": f"{Decimal(deal.value):.2f}",
        "owner": deal.owner.get_username() if deal.owner else None,
    }


@action(description="Add a company to the CRM.", input=AddCompanyInput)
def add_company(ctx: ActionContext, *, name: str, website: str = "") -> dict[str, Any]:
    if Company.objects.filter(name__iexact=name).exists():
        raise ActionInvalid(fields={"name": [f"A company called {name!r} already exists."]})
    company = _save(Company(name=name, website=website))
    return {"id": company.pk, "name": company.name, "website": company.website}


@action(description="Add a contact person to a company.", input=AddContactInput)
def add_contact(
    ctx: ActionContext, *, company_id: int, name: str, email: str = "", phone: str = ""
) -> dict[str, Any]:
    company = get_record(Company, company_id, hint="Call list_pipeline to see companies.")
    contact = _save(Contact(company=company, name=name, email=email, phone=phone))
    return {"id": contact.pk, "name": contact.name, "company": company.name, "email": email}


@action(description="Open a new deal with a company, in the lead stage unless told otherwise.")
def create_deal(
    ctx: ActionContext,
    *,
    company_id: Id,
    title: Annotated[str, Param(max_length=200)],
    value: Annotated[
        float,
        Param(min_value=0, max_value=MAX_VALUE, help="Expected value, in the team's currency."),
    ] = 0,
    stage: Stage = Stage.LEAD,
    owner: Annotated[str | None, Param(help="Username of the deal's owner.")] = None,
) -> dict[str, Any]:
    company = get_record(Company, company_id, hint="Add it first with add_company.")
    owner_user = None
    if owner:
        owner_user = get_user_model().objects.filter(username=owner, is_active=True).first()
        if owner_user is None:
            raise ActionInvalid(fields={"owner": [f"No active user is called {owner!r}."]})
    deal = _save(
        Deal(
            company=company,
            title=title,
            value=Decimal(str(round(value, 2))),
            stage=stage,
            owner=owner_user,
        )
    )
    return _deal(deal)


@action(description="Move a deal to another pipeline stage.", idempotent=True)
def move_deal_stage(ctx: ActionContext, *, deal_id: Id, stage: Stage) -> dict[str, Any]:
    deal = get_record(Deal, deal_id, hint="Call list_pipeline to see the deals.")
    if deal.stage in CLOSED and stage not in CLOSED:
        raise ActionInvalid(fields={"stage": [f"Deal #{deal_id} is {deal.stage}; it is closed."]})
    deal.stage = stage
    deal.save(update_fields=["stage", "updated"])
    return _deal(deal)


@action(description="Log a call, email, meeting or note on a deal.")
def log_activity(
    ctx: ActionContext,
    *,
    deal_id: Id,
    summary: Annotated[str, Param(max_length=2000)],
    kind: Activity.Kind = Activity.Kind.NOTE,
) -> dict[str, Any]:
    deal = get_record(Deal, deal_id, hint="Call list_pipeline to see the deals.")
    activity = _save(Activity(deal=deal, kind=kind, summary=summary))
    return {"id": activity.pk, "deal_id": deal.pk, "kind": activity.kind, "summary": summary}


@action(
    description="The deal pipeline: deals per stage with counts and total value.", read_only=True
)
def list_pipeline(ctx: ActionContext, *, stage: Stage | None = None) -> dict[str, Any]:
    deals = Deal.objects.select_related("company", "owner")
    if stage:
        deals = deals.filter(stage=stage)
    totals = {
        row["stage"]: {"count": row["n"], "value": f"{Decimal(row['total'] or 0):.2f}"}
        for row in deals.values("stage").annotate(n=Count("id"), total=Sum("value"))
    }
    return {
        "stages": [
            {"stage": s.value, **totals.get(s.value, {"count": 0, "value": "0.00"})}
            for s in Stage
            if not stage or s == stage
        ],
        "deals": [_deal(d) for d in deals[:200]],
        "companies": [{"id": c.pk, "name": c.name} for c in Company.objects.all()[:200]],
    }
