import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_staff_see_the_model_review(client: Client, carol) -> None:  # type: ignore[no-untyped-def]
    client.force_login(carol)
    html = client.get("/apps/editorial/model/").content.decode()
    assert "editorial.Piece" in html and "editorial_piece" in html
    assert "piece_due_idx" in html and "SET_NULL" in html


def test_non_staff_get_403(alice_client: Client) -> None:
    assert alice_client.get("/apps/editorial/model/").status_code == 403


def test_an_unknown_app_is_404(client: Client, carol) -> None:  # type: ignore[no-untyped-def]
    client.force_login(carol)
    assert client.get("/apps/nope/model/").status_code == 404
