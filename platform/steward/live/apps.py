from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "steward.live"
    label = "live"

    def ready(self) -> None:
        from steward.live import feeds

        feeds.connect()
