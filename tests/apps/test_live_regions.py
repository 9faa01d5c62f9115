"""Every changeable region of an app page refetches its own partial on steward:changed."""

import html
import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

REGION = re.compile(r'<(?:section|aside)[^>]*hx-get="([^"]+)"[^>]*hx-trigger="([^"]+)"', re.S)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("/apps/ideaboard/", 1),
        ("/apps/crm/", 2),
        ("/apps/editorial/", 2),
    ],
)
def test_each_region_has_a_partial_url_that_answers(
    alice_client: Client, page: str, expected: int
) -> None:
    regions = REGION.findall(alice_client.get(page).content.decode())
    assert len(regions) == expected
    for url, trigger in regions:
        assert trigger == "steward:changed from:body"
        partial = alice_client.get(html.unescape(url))
        assert partial.status_code == 200, url
        assert b"<html" not in partial.content
