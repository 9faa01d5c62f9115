from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "steward.skills"
    label = "skills"
