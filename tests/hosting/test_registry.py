from django.apps import apps

from steward.hosting.manifest import HostedAppConfig
from steward.hosting.registry import hosted_apps


def test_every_demo_app_is_discovered_with_its_manifest() -> None:
    assert {"ideaboard", "crm", "editorial"} <= set(hosted_apps.names())
    crm = hosted_apps.get("crm")
    assert crm.title == "CRM Lite" and crm.description and crm.icon
    assert crm.url == "/apps/crm/"


def test_django_uses_the_apps_own_config_class_not_a_plain_appconfig() -> None:
    config = apps.get_app_config("ideaboard")
    assert isinstance(config, HostedAppConfig)
    assert type(config).__name__ == "IdeaboardConfig"
