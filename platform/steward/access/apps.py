from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "steward.access"
    label = "access"
    verbose_name = "Access"

    def ready(self) -> None:
        from steward.access import openapi  # noqa: F401 - registers the bearer scheme
