"""Steward's URLs plus one view that fails, to see the page a person gets then."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from steward.urls import handler500
from steward.urls import urlpatterns as steward_urls


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("database password is hunter2")  # a detail no page may show


urlpatterns = [path("apps/crm/fails/", fails), *steward_urls]
__all__ = ["handler500", "urlpatterns"]
