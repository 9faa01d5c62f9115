from django.urls import URLPattern, path

from steward.ds import views

urlpatterns: list[URLPattern] = [
    path("<path:stream_path>", views.stream_view, name="ds-stream"),
]
