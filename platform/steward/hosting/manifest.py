"""The AppConfig base class that makes a Django app a hosted Steward app."""

from __future__ import annotations

from django.apps import AppConfig


class HostedAppConfig(AppConfig):
    """Subclass this in ``apps/<name>/apps.py`` and set the manifest attributes.

    ``title``, ``description`` (one line) and ``icon`` (an emoji or short text) are shown on
    the dashboard and in generated skills. ``agent_model`` names the model that runs on this
    app's sessions (empty: the ``STEWARD_MODEL`` setting).
    """

    title: str = ""
    description: str = ""
    icon: str = "▦"
    agent_model: str = ""
    default_auto_field = "django.db.models.BigAutoField"
    # apps.py imports this base class, so Django would see two AppConfig candidates there and
    # pick neither. The base opts out; every subclass opts in (unless it says otherwise).
    default = False

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "default" not in cls.__dict__:
            cls.default = True

    def ready(self) -> None:
        from steward.hosting.registry import hosted_apps

        hosted_apps.register(self)
