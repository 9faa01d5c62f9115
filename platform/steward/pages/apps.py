from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "steward.pages"
    label = "pages"
    verbose_name = "Pages"
