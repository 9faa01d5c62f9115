from django.urls import URLPattern, URLResolver, path

from steward.skills import views

urlpatterns: list[URLPattern | URLResolver] = [
    path(".well-known/agent-skills/index.json", views.well_known_index, name="skills-index"),
    path(".well-known/agent-skills/<slug:name>/SKILL.md", views.skill_file),
    path("skills/<slug:name>/SKILL.md", views.skill_file, name="skill-file"),
]
