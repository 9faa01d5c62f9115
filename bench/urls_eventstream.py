"""URLs of the django-eventstream peer: its SSE view, and /healthz for the bench's serve()."""

from __future__ import annotations

import django_eventstream
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n")


urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", healthz),
    path("events/", include(django_eventstream.urls)),  # ?channel=<name>
]
