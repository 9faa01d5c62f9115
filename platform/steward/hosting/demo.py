"""Demo data for the three demo apps; loading it twice changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

IDEAS = [
    (
        "Self-serve onboarding checklist",
        "Guide new customers through set-up without a call.",
        8,
        "building",
    ),
    ("Weekly digest e-mail", "A Monday summary of what changed in each workspace.", 6, "exploring"),
    ("Dark mode", "Several customers asked; cheap with CSS variables.", 4, "inbox"),
    ("Usage-based pricing tier", "Charge per active seat instead of flat plans.", 7, "exploring"),
    ("Slack notifications", "Post deal and idea changes to a team channel.", 5, "inbox"),
    ("Public roadmap page", "Show what we are building and let customers vote.", None, "inbox"),
    ("CSV import for contacts", "Customers move from spreadsheets on day one.", 9, "done"),
    ("Offline mode for the mobile app", "Too costly for now; revisit next year.", 2, "inbox"),
]
ARCHIVED_IDEAS = {"Offline mode for the mobile app"}

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
# (title, channel, status, days from today or None for unscheduled)
PIECES = [
    ("Launch post: the new idea board", "blog", "scheduled", 3),
    ("November newsletter", "newsletter", "review", 6),
    ("Customer story: Bluebird Health", "blog", "drafting", 12),
    ("Five onboarding tips (thread)", "social", "idea", 9),
    ("Product walkthrough video", "video", "drafting", 18),
    ("Podcast: building internal tools", "podcast", "published", -4),
    ("Year in review", "blog", "idea", None),
    ("Pricing FAQ", "social", "idea", None),
]
PEOPLE = [("maya", "Maya", "Lind"), ("sam", "Sam", "Okafor")]


def _people() -> list[Any]:
    User = get_user_model()
    people = []
    for username, first, last in PEOPLE:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:  # demo people own records but cannot log in
            user.set_unusable_password()
            user.save(update_fields=["password"])
        people.append(user)
    return people


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create the demo records that are missing; returns how many were created per model."""
    from apps.crm.models import Activity, Company, Contact, Deal
    from apps.editorial.models import Piece
    from apps.ideaboard.models import Idea

    created = dict.fromkeys(["ideas", "companies", "contacts", "deals", "activities", "pieces"], 0)
    maya, sam = _people()
    for title, pitch, score, column in IDEAS:
        _, new = Idea.objects.get_or_create(
            title=title,
            defaults={
                "pitch": pitch,
                "score": score,
                "column": column,
                "archived": title in ARCHIVED_IDEAS,
            },
        )
        created["ideas"] += new
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
    today = timezone.localdate()
    for i, (company, title, stage, value) in enumerate(DEALS):
        deals[title], new = Deal.objects.get_or_create(
            company=companies[company],
            title=title,
            defaults={
                "stage": stage,
                "value": Decimal(value),
                "owner": (maya, sam)[i % 2],
                "close_date": today + dt.timedelta(days=14 * (i + 1)),
            },
        )
        created["deals"] += new
    for deal, kind, summary in ACTIVITIES:
        _, new = Activity.objects.get_or_create(deal=deals[deal], kind=kind, summary=summary)
        created["activities"] += new
    for i, (title, channel, status, days) in enumerate(PIECES):
        due = None if days is None else today + dt.timedelta(days=days)
        _, new = Piece.objects.get_or_create(
            title=title,
            defaults={
                "channel": channel,
                "status": status,
                "due": due,
                "assignee": (sam, maya)[i % 2],
            },
        )
        created["pieces"] += new
    return created
