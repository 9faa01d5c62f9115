"""python manage.py issue_token prints the secret alone on its last line."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from steward.access.models import AgentToken
from steward.access.tokens import authenticate_bearer

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("issue_token", *args, stdout=out)
    return out.getvalue()


def test_it_issues_a_scoped_token_and_prints_the_secret_last(alice, carol):
    output = run("--app", "ideaboard", "--actions", "add_idea,score_idea", "--name", "codex",
                 "--expires", "30d")  # fmt: skip

    secret = output.strip().splitlines()[-1]
    token = authenticate_bearer(secret)
    assert (token.name, token.app, token.allowed_actions, token.owner) == (
        "codex", "ideaboard", ["add_idea", "score_idea"], carol,
    )  # fmt: skip
    assert token.expires is not None
    assert timedelta(days=29) < token.expires - timezone.now() <= timedelta(days=30)


def test_read_only_and_owner_options(alice):
    secret = run("--app", "crm", "--name", "reader", "--read-only", "--owner", "alice")
    token = AgentToken.objects.get(name="reader")

    assert token.read_only and token.owner == alice and token.allowed_actions is None
    assert secret.strip().splitlines()[-1].startswith("stw_")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--app", "nowhere", "--name", "x", "--owner", "alice"], "No hosted app"),
        (["--app", "crm", "--name", "x", "--owner", "alice", "--actions", "fly"], "no action"),
        (["--app", "crm", "--name", "x", "--owner", "alice", "--expires", "soon"], "90m, 12h"),
        (["--app", "crm", "--name", "x", "--owner", "nobody"], "No active user"),
    ],
)
def test_mistakes_are_explained(alice, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_without_a_superuser_it_asks_for_an_owner(alice):
    with pytest.raises(CommandError, match="--owner"):
        run("--app", "crm", "--name", "x")


def test_streams_issues_a_token_for_a_path_prefix_and_its_scopes(alice):
    output = run(
        "--streams", "team/", "--scopes", "read,write", "--name", "cli", "--owner", "alice"
    )

    token = authenticate_bearer(output.strip().splitlines()[-1])
    assert (token.stream_prefix, token.stream_scopes, token.app) == ("/team/", "read,write", "")
    assert token.covers_stream("/team/log", "write")
    assert not token.covers_stream("/team/log", "create")
    assert not token.covers_stream("/other/log", "read")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", "x", "--owner", "alice"], "--streams"),
        (["--streams", "/t/", "--scopes", "admin", "--name", "x", "--owner", "alice"], "read"),
    ],
)
def test_stream_token_mistakes_are_explained(alice, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
