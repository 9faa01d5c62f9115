from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_it_creates_an_admin_and_prints_a_working_password() -> None:
    out = StringIO()
    call_command("ensureadmin", stdout=out)
    text = out.getvalue()
    password = next(
        line.split(":", 1)[1].strip() for line in text.splitlines() if "Password:" in line
    )
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(password)
    assert admin.password != password  # hashed, never stored in clear
    assert "/accounts/login/" in text and "Username: admin" in text


def test_it_accepts_a_chosen_password() -> None:
    call_command("ensureadmin", "--password", "a-chosen-secret-1", stdout=StringIO())
    assert get_user_model().objects.get(username="admin").check_password("a-chosen-secret-1")


def test_it_leaves_an_existing_superuser_unchanged(carol) -> None:  # type: ignore[no-untyped-def]
    before = get_user_model().objects.get(pk=carol.pk).password
    out = StringIO()
    call_command("ensureadmin", "--password", "ignored-password", stdout=out)
    assert "already exists (carol)" in out.getvalue()
    assert "ignored-password" not in out.getvalue()
    assert not get_user_model().objects.filter(username="admin").exists()
    assert get_user_model().objects.get(pk=carol.pk).password == before
