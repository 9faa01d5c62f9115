"""Every Steward route plus the test hooks (tests.support.testhooks)."""

from django.urls import URLPattern, URLResolver, path

from steward.urls import urlpatterns as steward_urlpatterns
from tests.support.testhooks import close_sockets

urlpatterns: list[URLPattern | URLResolver] = [
    path("__live__/close", close_sockets),
    *steward_urlpatterns,
]
