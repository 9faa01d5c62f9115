from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "steward.actions"
    label = "actions"
    verbose_name = "Safe Actions"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Every installed app's actions.py registers its actions by importing it.
        autodiscover_modules("actions")
