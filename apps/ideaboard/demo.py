"""Demo ideas for ``manage.py loaddemo`` (steward.hosting.demo); loading twice adds nothing."""

from __future__ import annotations

from apps.ideaboard.models import Idea

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


def load() -> dict[str, int]:
    """Create the demo ideas that are missing; returns how many were created."""
    created = 0
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
        created += new
    return {"ideas": created}
