from django.apps import AppConfig


class ChangesConfig(AppConfig):
    name = "steward.changes"
    label = "changes"
    verbose_name = "Record changes"

    def ready(self) -> None:
        from steward.changes import collector

        collector.connect()
