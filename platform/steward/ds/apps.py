from django.apps import AppConfig


class DsConfig(AppConfig):
    name = "steward.ds"
    label = "ds"
    verbose_name = "Durable Streams"
