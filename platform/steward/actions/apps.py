from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "steward.actions"
    label = "actions"
