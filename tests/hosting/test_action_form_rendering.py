"""A form is drawn from the action's declaration: the parameters, types, limits agents see."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory

from apps.crm.models import Company
from apps.ideaboard.models import Idea
from steward.access.models import Membership
from steward.actions.registry import actions
from steward.pages.action_forms import FormOptions, build_form

pytestmark = pytest.mark.django_db


def render(template: str, user, **context) -> str:  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load action_forms %}" + template).render(
        Context({"request": request, **context})
    )


def test_each_parameter_gets_a_control_of_its_type_with_its_limits() -> None:
    form = build_form(actions.get("ideaboard", "score_idea"), FormOptions())
    score = {f.name: f for f in form.fields}["score"]
    assert (score.kind, score.attrs["min"], score.attrs["max"], score.required) == (
        "number",
        0,
        10,
        True,
    )
    assert score.help == "0 (weak) to 10 (strong)."
    assert score.limits == ""  # the help says them already: no "From 0 to 10." after it


def test_limits_show_once_and_a_columns_width_is_no_limit() -> None:
    deal = {f.name: f for f in build_form(actions.get("crm", "create_deal"), FormOptions()).fields}
    assert deal["value"].attrs["max"] == 9999999999.99  # the browser still enforces it
    assert deal["value"].limits == "At least 0."
    listing = {
        f.name: f for f in build_form(actions.get("ideaboard", "list_ideas"), FormOptions()).fields
    }
    assert listing["limit"].limits == "From 1 to 200."


def test_a_user_select_shows_people_by_name_and_sends_their_username(alice) -> None:  # type: ignore[no-untyped-def]
    alice.first_name, alice.last_name = "Alice", "Liddell"
    alice.save()
    form = build_form(actions.get("crm", "create_deal"), FormOptions())
    owner = {f.name: f for f in form.fields}["owner"]
    assert owner.choices == [("alice", "Alice Liddell")]


def test_enum_parameters_are_selects_with_their_labels() -> None:
    form = build_form(actions.get("ideaboard", "move_card"), FormOptions())
    column = {f.name: f for f in form.fields}["column"]
    assert column.kind == "select" and ("exploring", "Exploring") in column.choices


def test_record_ids_and_user_names_become_selects(alice) -> None:
    acme = Company.objects.create(name="Acme")
    form = build_form(actions.get("crm", "create_deal"), FormOptions())
    fields = {f.name: f for f in form.fields}
    assert fields["company_id"].kind == "select"
    assert fields["company_id"].choices == [(str(acme.pk), f"Acme (#{acme.pk})")]
    assert fields["owner"].kind == "select" and ("alice", "alice") in fields["owner"].choices
    assert fields["close_date"].kind == "date"


def test_the_tag_fills_in_a_record_and_hides_its_id(alice) -> None:
    idea = Idea.objects.create(title="Dark mode", pitch="Eyes")

    html = render(
        '{% action_form "ideaboard" "update_idea" idea_id=idea.pk title=idea.title '
        'pitch=idea.pitch submit="Save" %}',
        alice,
        idea=idea,
    )

    assert f'<input type="hidden" name="idea_id" value="{idea.pk}">' in html
    assert re.search(r'<input id="[^"]+--title" type="text" name="title" value="Dark mode"', html)
    assert ">Eyes</textarea>" in html and ">Save</button>" in html
    assert f'id="af-ideaboard-update-idea-idea-id-{idea.pk}"' in html
    assert 'aria-label="Save"' in html


def test_the_tag_draws_nothing_for_a_role_that_may_not_run_it(bob) -> None:
    assert render('{% action_form "ideaboard" "add_idea" %}', bob).strip() == ""


def test_the_tag_says_how_to_fix_a_wrong_name(alice) -> None:
    with pytest.raises(TemplateSyntaxError, match="GET /api/apps/ideaboard/actions/"):
        render('{% action_form "ideaboard" "nope" %}', alice)
    with pytest.raises(TemplateSyntaxError, match="neither a parameter of add_idea"):
        render('{% action_form "ideaboard" "add_idea" colour="red" %}', alice)


def test_destructive_actions_ask_first(alice) -> None:
    Membership.objects.filter(user=alice, app="ideaboard").update(role="admin")
    html = render('{% action_form "ideaboard" "delete_idea" idea_id=3 %}', alice)
    assert "hx-confirm=" in html and 'class="danger"' in html


def test_help_meant_for_agents_is_left_off_the_form() -> None:
    form = build_form(actions.get("ideaboard", "score_idea"), FormOptions())
    idea_id = {f.name: f for f in form.fields}["idea_id"]
    assert "list_ideas" not in idea_id.help
    assert (
        "(null)"
        not in build_form(actions.get("editorial", "assign_piece"), FormOptions()).description
    )
