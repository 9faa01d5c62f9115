import pytest
from django.test import Client, override_settings

from tests.support.servers import free_port


def test_healthz_answers_200_without_a_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_answers_200_when_dependencies_answer(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "ready"


@pytest.mark.django_db
def test_readyz_answers_503_naming_redis_when_redis_is_down(client: Client) -> None:
    closed = free_port()  # nothing listens on it
    with override_settings(REDIS_URL=f"redis://127.0.0.1:{closed}/0"):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert [f.split(":")[0] for f in body["failing"]] == ["redis"]


@pytest.mark.django_db
def test_readyz_answers_503_naming_the_database_when_it_fails(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from steward.pages import health

    class BrokenCursor:
        def __enter__(self) -> "BrokenCursor":
            raise health.DatabaseError("connection refused")

        def __exit__(self, *exc: object) -> None:
            return None

    monkeypatch.setattr(health.connection, "cursor", lambda: BrokenCursor())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"][0].startswith("database: ")
