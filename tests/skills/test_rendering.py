from steward.skills.document import KEEP_END, KEEP_START, kept_regions, parse, restore_kept
from steward.skills.rendering import DIGEST_KEY, render_app_skill
from steward.skills.validation import validate_text
from tests.skills.fakes import ADD_IDEA, DELETE_IDEA


def text(specs=(ADD_IDEA, DELETE_IDEA), digest: str = "d" * 64) -> str:  # type: ignore[no-untyped-def]
    return render_app_skill(
        name="ideaboard",
        app="ideaboard",
        title="Idea Board",
        about="Collect and score ideas.",
        specs=list(specs),
        actions_digest=digest,
    )


def test_a_generated_skill_is_valid_and_records_the_actions_digest() -> None:
    generated = text()
    assert validate_text(generated, folder="ideaboard") == []
    assert parse(generated).metadata[DIGEST_KEY] == "d" * 64


def test_it_documents_each_action_with_arguments_and_an_example() -> None:
    generated = text()
    assert "### `add_idea`" in generated
    assert "| `title` | string | yes | Short title |" in generated
    assert "One of: inbox, exploring." in generated
    assert '"pitch"' not in generated.split("### `delete_idea`")[0].split("Example arguments")[1]
    assert '"title": "<title>"' in generated
    assert "confirm first" in generated  # destructive
    assert "approval id" in generated  # approval-gated


def test_it_explains_how_to_connect_over_mcp_and_rest() -> None:
    generated = text()
    assert "http://127.0.0.1:8000/mcp" in generated
    assert "curl" in generated
    assert "$STEWARD_TOKEN" in generated


def test_regenerating_keeps_the_hand_written_region() -> None:
    edited = text().replace(
        "Hand-written guidance here", "Always score ideas 0-10. Hand-written guidance here"
    )
    regenerated = restore_kept(text(specs=[ADD_IDEA]), edited)
    assert "Always score ideas 0-10." in regenerated
    assert "delete_idea" not in regenerated.split(KEEP_START)[0]


def test_a_region_without_a_slot_is_appended_not_dropped() -> None:
    previous = f"old\n{KEEP_START}\nA\n{KEEP_END}\nmid\n{KEEP_START}\nB\n{KEEP_END}\n"
    merged = restore_kept(f"new\n{KEEP_START}\n{KEEP_END}\n", previous)
    assert kept_regions(merged) == ["\nA\n", "\nB\n"]


def test_it_shows_ranges_and_defaults_of_arguments() -> None:
    assert "| `score` | integer | no | From 0 to 10. Default: 5. |" in text()
