"""The not-allowed page (templates/403.html) offers a way out that is not itself."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_not_allowed_page_never_links_back_to_itself(client, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x-x-x-x-x")
    client.force_login(nobody)

    html = client.get("/").content.decode()

    assert "Back to your apps" not in html and "Log in as someone else" in html
