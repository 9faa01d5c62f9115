from django.apps import AppConfig


class HostingConfig(AppConfig):
    name = "steward.hosting"
    label = "hosting"
