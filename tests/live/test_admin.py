"""Sessions in Django admin (live/admin.py): read-only, for staff."""

from __future__ import annotations

import pytest
from django.contrib.admin.utils import quote
from django.urls import reverse

from steward.live.services import create_session

pytestmark = pytest.mark.django_db


def test_staff_find_sessions_read_only_in_django_admin(client, carol, alice):
    session = create_session(app="ideaboard", title="Board work", created_by=alice)
    client.force_login(carol)

    listing = client.get("/admin/live/session/").content.decode()
    # The admin quotes an id in its URLs ("_" escapes characters): ask it for the link.
    detail = client.get(reverse("admin:live_session_change", args=[quote(session.id)]))

    assert "Board work" in listing and f'href="/sessions/{session.id}/"' in listing
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
