import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from steward.skills.models import SkillVersion
from steward.skills.services import save_version
from tests.skills.conftest import skill_md

pytestmark = pytest.mark.django_db


def test_admin_shows_a_skill_with_its_versions_and_the_diff_between_them(
    client: Any, carol: Any
) -> None:
    earlier = timezone.now() - dt.timedelta(minutes=5)
    old = skill_md("crm", "Old line.")
    save_version(name="crm", content=old, author="generator", created=earlier)
    newer = save_version(name="crm", content=skill_md("crm", "New line."), author="user:carol")
    client.force_login(carol)

    skill_page = client.get(f"/admin/skills/skill/{newer.skill_id}/change/")
    assert skill_page.status_code == 200
    assert newer.digest in skill_page.content.decode()
    assert "user:carol" in skill_page.content.decode()

    version_page = client.get(f"/admin/skills/skillversion/{newer.pk}/change/").content.decode()
    assert "-Old line." in version_page
    assert "+New line." in version_page


def test_versions_cannot_be_edited_in_admin(client: Any, carol: Any) -> None:
    version = save_version(name="crm", content=skill_md("crm"), author="generator")
    client.force_login(carol)
    client.post(f"/admin/skills/skillversion/{version.pk}/change/", {"content": "hacked"})
    assert SkillVersion.objects.get(pk=version.pk).content == skill_md("crm")
