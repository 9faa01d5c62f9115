"""Safe Actions of the CRM: companies, contacts and the deal pipeline."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Sum
from rest_framework import serializers

from steward.actions import Param, action
from steward.actions.context import ActionContext
from steward.actions.exceptions import ActionInvalid
from steward.actions.fields import StrictCharField
from steward.actions.records import get_record

from .models import Activity, Company, Contact, Deal, Stage

Id = Annotated[int, Param(min_value=1)]
CLOSED = (Stage.WON, Stage.LOST)
MAX_VALUE = 9_999_999_999.99  # Deal.value: 12 digits, 2 after the point
DEALS_HINT = "Call list_pipeline to see the deals."
COMPANIES_HINT = "Call list_pipeline to see the companies and their ids."
CONTACTS_HINT = "Call list_contacts to see the contacts and their ids."


def _save(obj: Any) -> Any:
    """Save after the model's own field checks, so a value that cannot be stored is a 400."""
    obj.full_clean(validate_unique=False, validate_constraints=False)
    obj.save()
    return obj


class AddCompanyInput(serializers.Serializer):
    name = StrictCharField(max_length=200, help_text="The company's name (unique).")
    website = serializers.URLField(max_length=200, required=False, default="", allow_blank=True)


class AddContactInput(serializers.Serializer):
    company_id = serializers.IntegerField(min_value=1)
    name = StrictCharField(max_length=200)
    email = serializers.EmailField(max_length=254, required=False, default="", allow_blank=True)
    phone = StrictCharField(max_length=40, required=False, default="", allow_blank=True)


def _deal(deal: Deal) -> dict[str, Any]:
    return {
        "id": deal.pk,
        "title": deal.title,
        "company": deal.company.name,
        "stage": deal.stage,
        "value": f"{Decimal(deal.value):.2f}",
        "owner": deal.owner.get_username() if deal.owner else None,
        "close_date": deal.close_date.isoformat() if deal.close_date else None,
    }


def _owner(owner: str) -> Any:
    """The active user called ``owner``; "" means nobody."""
    if not owner:
        return None
    user = get_user_model().objects.filter(username=owner, is_active=True).first()
    if user is None:
        raise ActionInvalid(fields={"owner": [f"No active user is called {owner!r}."]})
    return user


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
    close_date: Annotated[dt.date | None, Param(help="When it should close.")] = None,
) -> dict[str, Any]:
    company = get_record(Company, company_id, hint="Add it first with add_company.")
    deal = _save(
        Deal(
            company=company,
            title=title,
            value=Decimal(str(round(value, 2))),
            stage=stage,
            owner=_owner(owner or ""),
            close_date=close_date,
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


@action(
    description="Change a deal's title, value, stage, owner or close date; leave a field out "
    "(or null) to keep it. An empty owner leaves the deal unowned.",
    idempotent=True,
)
def update_deal(
    ctx: ActionContext,
    *,
    deal_id: Id,
    title: Annotated[str | None, Param(min_length=1, max_length=200)] = None,
    value: Annotated[
        float | None,
        Param(min_value=0, max_value=MAX_VALUE, help="Expected value, in the team's currency."),
    ] = None,
    stage: Stage | None = None,
    owner: Annotated[
        str | None, Param(help="Username of the deal's owner; empty for nobody.")
    ] = None,
    close_date: Annotated[dt.date | None, Param(help="When it should close.")] = None,
) -> dict[str, Any]:
    deal = get_record(Deal.objects.select_related("company", "owner"), deal_id, hint=DEALS_HINT)
    if title is not None:
        deal.title = title.strip()
    if value is not None:
        deal.value = Decimal(str(round(value, 2)))
    if stage is not None and stage != deal.stage:
        if deal.stage in CLOSED and stage not in CLOSED:
            raise ActionInvalid(
                fields={"stage": [f"Deal #{deal_id} is {deal.stage}; it is closed."]}
            )
        deal.stage = stage
    if owner is not None:
        deal.owner = _owner(owner)
    if close_date is not None:
        deal.close_date = close_date
    _save(deal)
    return _deal(deal)


@action(
    description="Delete a deal and its logged activities for good.",
    destructive=True,
)
def delete_deal(ctx: ActionContext, *, deal_id: Id) -> dict[str, Any]:
    deal = get_record(Deal.objects.select_related("company", "owner"), deal_id, hint=DEALS_HINT)
    gone = _deal(deal)
    deal.delete()
    return {"deleted": gone}


@action(
    description="Rename a company or change its website; leave a field out (or null) to keep it.",
    idempotent=True,
)
def update_company(
    ctx: ActionContext,
    *,
    company_id: Id,
    name: Annotated[
        str | None, Param(min_length=1, max_length=200, help="The company's name (unique).")
    ] = None,
    website: Annotated[str | None, Param(max_length=200, help="https://… or empty.")] = None,
) -> dict[str, Any]:
    company = get_record(Company, company_id, hint=COMPANIES_HINT)
    if name is not None:
        name = name.strip()
        if Company.objects.filter(name__iexact=name).exclude(pk=company.pk).exists():
            raise ActionInvalid(fields={"name": [f"A company called {name!r} already exists."]})
        company.name = name
    if website is not None:
        company.website = website.strip()
    _save(company)
    return {"id": company.pk, "name": company.name, "website": company.website}


@action(
    description="Delete a company with all its contacts, deals and activities. Needs a "
    "person's approval for agents.",
    destructive=True,
    requires_approval=True,
)
def delete_company(ctx: ActionContext, *, company_id: Id) -> dict[str, Any]:
    company = get_record(Company, company_id, hint=COMPANIES_HINT)
    gone = {"id": company.pk, "name": company.name, "deals": company.deals.count()}
    company.delete()
    return {"deleted": gone}


@action(
    description="Change a contact's company, name, e-mail or phone; leave a field out (or "
    "null) to keep it.",
    idempotent=True,
)
def update_contact(
    ctx: ActionContext,
    *,
    contact_id: Id,
    company_id: Annotated[int | None, Param(min_value=1)] = None,
    name: Annotated[str | None, Param(min_length=1, max_length=200)] = None,
    email: Annotated[str | None, Param(max_length=254, help="An e-mail address or empty.")] = None,
    phone: Annotated[str | None, Param(max_length=40)] = None,
) -> dict[str, Any]:
    contact = get_record(Contact, contact_id, hint=CONTACTS_HINT)
    if company_id is not None:
        contact.company = get_record(Company, company_id, hint=COMPANIES_HINT)
    if name is not None:
        contact.name = name.strip()
    if email is not None:
        contact.email = email.strip()
    if phone is not None:
        contact.phone = phone.strip()
    _save(contact)
    return {"id": contact.pk, "name": contact.name, "company": contact.company.name}


@action(description="Delete a contact person for good.", destructive=True)
def delete_contact(ctx: ActionContext, *, contact_id: Id) -> dict[str, Any]:
    contact = get_record(Contact, contact_id, hint=CONTACTS_HINT)
    gone = {"id": contact.pk, "name": contact.name}
    contact.delete()
    return {"deleted": gone}


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


@action(description="List contact people, optionally of one company.", read_only=True)
def list_contacts(ctx: ActionContext, *, company_id: int | None = None) -> dict[str, Any]:
    contacts = Contact.objects.select_related("company")
    if company_id is not None:
        contacts = contacts.filter(company_id=company_id)
    return {
        "contacts": [
            {
                "id": c.pk,
                "name": c.name,
                "company": c.company.name,
                "company_id": c.company_id,
                "email": c.email,
                "phone": c.phone,
            }
            for c in contacts[:500]
        ]
    }
