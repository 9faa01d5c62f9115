"""The HostedApp registry: every app under apps/ with a HostedAppConfig."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from steward.hosting.exceptions import UnknownApp


@dataclass(frozen=True)
class HostedApp:
    """One hosted app, as the platform sees it."""

    name: str
    title: str
    description: str
    icon: str
    config: AppConfig = field(repr=False, compare=False)

    @property
    def url(self) -> str:
        return f"/apps/{self.name}/"

    def models(self) -> list[type[models.Model]]:
        return list(self.config.get_models())

    def record_counts(self) -> dict[str, int]:
        """Label → count for the dashboard; an app whose pages hide some records (archived
        ideas) defines ``record_counts()`` on its AppConfig so the numbers match its pages."""
        custom = getattr(self.config, "record_counts", None)
        if callable(custom):
            return dict(custom())
        return {
            str(m._meta.verbose_name_plural).title(): m._default_manager.count()
            for m in self.models()
        }


class HostedAppRegistry:
    def __init__(self) -> None:
        self._apps: dict[str, HostedApp] = {}

    def register(self, config: AppConfig) -> HostedApp:
        title = getattr(config, "title", "")
        description = getattr(config, "description", "")
        if not title or not description:
            raise ImproperlyConfigured(
                f"Hosted app {config.name!r} needs a manifest: set title and description "
                f"(one line) on its AppConfig in {config.name}.apps."
            )
        if config.label in self._apps and self._apps[config.label].config is not config:
            raise ImproperlyConfigured(
                f"Two hosted apps are labelled {config.label!r}; rename one."
            )
        app = HostedApp(
            name=config.label,
            title=title,
            description=description,
            icon=getattr(config, "icon", "▦"),
            config=config,
        )
        self._apps[config.label] = app
        return app

    def get(self, name: str) -> HostedApp:
        try:
            return self._apps[name]
        except KeyError:
            raise UnknownApp(name) from None

    def __contains__(self, name: object) -> bool:
        return name in self._apps

    def __iter__(self) -> Iterator[HostedApp]:
        return iter(sorted(self._apps.values(), key=lambda a: a.title.lower()))

    def names(self) -> list[str]:
        return [app.name for app in self]


hosted_apps = HostedAppRegistry()
