from django.apps import AppConfig


class AgentsConfig(AppConfig):
    name = "steward.agents"
    label = "agents"
    verbose_name = "Agent runs"
