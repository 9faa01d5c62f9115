from django.apps import AppConfig


class GateConfig(AppConfig):
    name = "steward.gate"
    label = "gate"
