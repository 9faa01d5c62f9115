from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "steward.live"
    label = "live"
