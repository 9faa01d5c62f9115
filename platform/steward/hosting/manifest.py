"""The AppConfig base class that makes a Django app a hosted Steward app."""

from __future__ import annotations

from django.apps import AppConfig


class HostedAppConfig(AppConfig):
    """Subclass this in ``apps/<name>/apps.py`` and set the manifest attributes.

    ``title``, ``description`` (one line) and ``icon`` (an emoji or short text) are shown on
    the dashboard and in generated skills.
    """

    title: str = ""
    description: str = ""
    icon: str = "▦"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from steward.hosting.registry import hosted_apps

        hosted_apps.register(self)
