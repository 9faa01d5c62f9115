"""When Steward fails or finds nothing, the person gets a page in the site's look that says
what happened and what to do, never the error's details (templates/500.html, 404.html)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_site(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.pages.error_urls"


def test_a_failure_says_what_happened_and_offers_the_page_again_without_details(
    failing_site: None, alice
) -> None:  # type: ignore[no-untyped-def]
    client = Client(raise_request_exception=False)
    client.force_login(alice)

    response = client.get("/apps/crm/fails/")

    html = response.content.decode()
    assert response.status_code == 500
    assert '<h1 id="error-heading">Something went wrong</h1>' in html
    assert '<a href="/apps/crm/fails/">Try this page again</a>' in html
    assert '<a href="/">Back to your apps</a>' in html
    assert "steward/steward.css" in html  # the site's look
    assert "hunter2" not in html and "RuntimeError" not in html and "Traceback" not in html


def test_a_missing_page_names_the_path_and_leads_back(failing_site: None, alice_client) -> None:
    response = alice_client.get("/apps/crm/nothing-here/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Not found" in html and "<code>/apps/crm/nothing-here/</code>" in html
    assert '<a href="/">Back to your apps</a>' in html
