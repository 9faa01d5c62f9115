import hashlib
from pathlib import Path

import pytest

from steward.skills.services import save_version
from tests.skills.conftest import skill_md

pytestmark = pytest.mark.django_db


def test_the_well_known_index_lists_each_skill_with_its_digest(client, skills_dir: Path) -> None:  # type: ignore[no-untyped-def]
    save_version(name="crm", app="crm", content=skill_md("crm"), author="generator")
    (skills_dir / "steward-app-builder").mkdir()
    (skills_dir / "steward-app-builder" / "SKILL.md").write_text(skill_md("steward-app-builder"))
    response = client.get("/.well-known/agent-skills/index.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["$schema"].endswith("/discovery/0.2.0/schema.json")
    entries = {s["name"]: s for s in body["skills"]}
    assert set(entries) == {"crm", "steward-app-builder"}
    digest = hashlib.sha256(skill_md("crm").encode()).hexdigest()
    assert entries["crm"] == {
        "name": "crm",
        "type": "skill-md",
        "description": "Operate crm.",
        "url": "/skills/crm/SKILL.md",
        "digest": f"sha256:{digest}",
    }


def test_a_skill_is_served_as_markdown_matching_its_digest(client, skills_dir: Path) -> None:  # type: ignore[no-untyped-def]
    save_version(name="crm", app="crm", content=skill_md("crm"), author="generator")
    entry = client.get("/.well-known/agent-skills/index.json").json()["skills"][0]
    response = client.get(entry["url"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/markdown")
    assert f"sha256:{hashlib.sha256(response.content).hexdigest()}" == entry["digest"]
    assert client.head(entry["url"]).status_code == 200


def test_an_unknown_skill_is_404(client, skills_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/skills/nope/SKILL.md").status_code == 404
