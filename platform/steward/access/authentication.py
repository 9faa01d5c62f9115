"""DRF authentication for agent tokens (filled in by the access package)."""

from __future__ import annotations

from rest_framework.authentication import BaseAuthentication


class BearerTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):  # type: ignore[no-untyped-def,unused-ignore]
        return None
