from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "steward.audit"
    label = "audit"

    def ready(self) -> None:
        from steward.audit import outside

        outside.connect()
