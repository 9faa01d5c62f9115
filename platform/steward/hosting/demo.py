"""Demo data: each hosted app's ``demo.py`` loads its own; loading twice changes nothing.

A hosted app offers demo data with a module ``<app>/demo.py`` defining ``load() -> dict[str,
int]`` (records created per kind, zero for those already there). ``load_demo`` finds those
modules through the hosted-app registry, so the platform never names an app; an app without
one is skipped. ``demo_people`` gives the shared demo team that apps' records point at.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from steward.hosting.registry import hosted_apps

PEOPLE = [("maya", "Maya", "Lind"), ("sam", "Sam", "Okafor")]


def demo_people() -> tuple[Any, Any]:
    """Maya and Sam, the demo team (created if missing); they own records but cannot log in."""
    User = get_user_model()
    people = []
    for username, first, last in PEOPLE:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        people.append(user)
    maya, sam = people
    return maya, sam


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Run every hosted app's demo loader; returns how many records were created per kind."""
    created: dict[str, int] = {}
    for app in hosted_apps:
        if not module_has_submodule(app.config.module, "demo"):
            continue
        loaded = import_module(f"{app.config.name}.demo").load()
        for kind, count in loaded.items():
            created[kind] = created.get(kind, 0) + count
    return created
