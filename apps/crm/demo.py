"""Demo companies, contacts, deals and activities for ``manage.py loaddemo``
(steward.hosting.demo); loading twice adds nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from apps.crm.models import Activity, Company, Contact, Deal
from steward.access.teams import ensure_on_team
from steward.hosting.demo import demo_people

COMPANIES = [
    ("Northwind Traders", "https://northwind.example.com"),
    ("Acme Robotics", "https://acme-robotics.example.com"),
    ("Bluebird Health", "https://bluebird.example.org"),
    ("Kestrel Logistics", "https://kestrel.example.net"),
]
CONTACTS = [
    ("Northwind Traders", "Nancy Davolio", "nancy@northwind.example.com", "+1 206 555 0101"),
    ("Northwind Traders", "Andrew Fuller", "andrew@northwind.example.com", ""),
    ("Acme Robotics", "Wile Coyote", "wile@acme-robotics.example.com", "+1 505 555 0199"),
    ("Bluebird Health", "Priya Raman", "priya@bluebird.example.org", "+44 20 7946 0321"),
    ("Kestrel Logistics", "Jonas Berg", "jonas@kestrel.example.net", "+46 8 555 0134"),
]
DEALS = [
    ("Northwind Traders", "Annual licence renewal", "proposal", "24000"),
    ("Northwind Traders", "Warehouse add-on", "lead", "6000"),
    ("Acme Robotics", "Pilot for the assembly team", "qualified", "12500"),
    ("Bluebird Health", "Clinic rollout, phase 1", "won", "48000"),
    ("Kestrel Logistics", "Fleet dashboard", "lost", "9000"),
    ("Kestrel Logistics", "Route planning integration", "lead", "15000"),
]
ACTIVITIES = [
    ("Annual licence renewal", "call", "Discussed a two-year term; they want a 10% discount."),
    ("Pilot for the assembly team", "meeting", "Demo went well; security review next."),
    ("Clinic rollout, phase 1", "email", "Signed order form received."),
]


def load() -> dict[str, int]:
    """Create the demo CRM records that are missing; returns how many were created per kind."""
    created = dict.fromkeys(["companies", "contacts", "deals", "activities"], 0)
    owners = demo_people()
    ensure_on_team(owners, "crm")
    companies = {}
    for name, website in COMPANIES:
        companies[name], new = Company.objects.get_or_create(
            name=name, defaults={"website": website}
        )
        created["companies"] += new
    for company, name, email, phone in CONTACTS:
        _, new = Contact.objects.get_or_create(
            company=companies[company], name=name, defaults={"email": email, "phone": phone}
        )
        created["contacts"] += new
    deals = {}
    for i, (company, title, stage, value) in enumerate(DEALS):
        deals[title], new = Deal.objects.get_or_create(
            company=companies[company],
            title=title,
            defaults={
                "stage": stage,
                "value": Decimal(value),
                "owner": owners[i % 2],
                "close_date": timezone.localdate() + dt.timedelta(days=14 * (i + 1)),
            },
        )
        created["deals"] += new
    for deal, kind, summary in ACTIVITIES:
        _, new = Activity.objects.get_or_create(deal=deals[deal], kind=kind, summary=summary)
        created["activities"] += new
    return created
