"""Render an app's SKILL.md from its manifest and its Safe Actions (one declaration, many uses)."""

from __future__ import annotations

import json
from typing import Any, Protocol

from django.conf import settings

from steward.skills.document import KEEP_END, KEEP_START, render
from steward.skills.validation import MAX_DESCRIPTION

APP_KEY = "steward-app"
DIGEST_KEY = "steward-actions-digest"


class Spec(Protocol):
    """The parts of an ActionSpec (steward.actions.registry) a skill is written from."""

    @property
    def name(self) -> str: ...

    @property
    def description(self) -> str: ...

    @property
    def read_only(self) -> bool: ...

    @property
    def destructive(self) -> bool: ...

    @property
    def idempotent(self) -> bool: ...

    @property
    def requires_approval(self) -> bool: ...

    @property
    def permission(self) -> str: ...

    def input_schema(self) -> dict[str, Any]: ...


def render_app_skill(
    *, name: str, app: str, title: str, about: str, specs: list[Spec], actions_digest: str
) -> str:
    """The generated SKILL.md text, with one empty hand-written region for the team's notes."""
    verbs = ", ".join(s.name for s in specs) or "no actions yet"
    description = (
        f"Operate the {title} app on Steward: {about} Use when asked to read or change "
        f"{title} data through its Safe Actions ({verbs})."
    )[:MAX_DESCRIPTION]
    front = {
        "name": name,
        "description": description,
        "metadata": {APP_KEY: app, DIGEST_KEY: actions_digest},
    }
    sections = [
        f"# {title}\n\n{about}\n\n"
        f"This skill operates the **{title}** app hosted on Steward. Change its data only "
        "through the Safe Actions below: every call is validated, permission-checked and "
        "audited. Never edit the database or guess other endpoints.",
        _connect(app),
        "## Actions\n\n" + ("\n\n".join(_action(app, s) for s in specs) or "None yet."),
        _rules(),
        f"{KEEP_START}\n## Notes from the team\n\nHand-written guidance here survives "
        f"`python manage.py skill generate {app}`.\n{KEEP_END}",
    ]
    return render(front, "\n\n".join(sections))


def _connect(app: str) -> str:
    base = settings.STEWARD_PUBLIC_URL
    return (
        "## How to connect\n\n"
        "You need an agent token for this app in `$STEWARD_TOKEN` (an admin issues one; it "
        "limits which actions you may call).\n\n"
        f"- **MCP** (streamable HTTP): `{base}/mcp` with the header "
        "`Authorization: Bearer $STEWARD_TOKEN`. The tools are the actions below, by name.\n"
        f"- **REST**: `POST {base}/api/apps/{app}/actions/<action>/` with a JSON body of "
        "arguments. `GET` on the same URL without `<action>/` lists the actions.\n\n"
        "```bash\n"
        f"curl -sS -X POST {base}/api/apps/{app}/actions/<action>/ \\\n"
        '  -H "Authorization: Bearer $STEWARD_TOKEN" \\\n'
        '  -H "Content-Type: application/json" \\\n'
        '  -H "Idempotency-Key: $(uuidgen)" \\\n'
        "  -d '{...arguments...}'\n"
        "```"
    )


def _action(app: str, spec: Spec) -> str:
    schema = spec.input_schema()
    lines = [f"### `{spec.name}`", "", spec.description.strip(), "", f"- When: {_when(spec)}"]
    lines.append(f"- Needs the `{spec.permission}` role on the app team or a token allowing it.")
    props: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    if props:
        lines += ["", "| Argument | Type | Required | Meaning |", "|---|---|---|---|"]
        for arg, prop in props.items():
            need = "yes" if arg in required and "default" not in prop else "no"
            meaning = str(prop.get("description", "")).replace("|", "\\|")
            if "enum" in prop:
                choices = ", ".join("null" if v is None else str(v) for v in prop["enum"])
                meaning = f"{meaning} One of: {choices}.".strip()
            limits = _limits(prop)
            if limits:
                meaning = f"{meaning} {limits}".strip()
            if "default" in prop:
                meaning = f"{meaning} Default: {json.dumps(prop['default'])}.".strip()
            lines.append(f"| `{arg}` | {_type(prop)} | {need} | {meaning} |")
    else:
        lines += ["", "No arguments."]
    example = {a: _example(a, p) for a, p in props.items() if a in required and "default" not in p}
    lines += ["", "Example arguments:", "", "```json", json.dumps(example, indent=2), "```"]
    return "\n".join(lines)


def _limits(prop: dict[str, Any]) -> str:
    low, high = prop.get("minimum"), prop.get("maximum")
    if low is not None and high is not None:
        return f"From {low} to {high}."
    if low is not None:
        return f"At least {low}."
    if high is not None:
        return f"At most {high}."
    if prop.get("maxLength"):
        return f"Up to {prop['maxLength']} characters."
    return ""


def _when(spec: Spec) -> str:
    if spec.read_only:
        text = "to look things up; it never changes data, so call it freely before acting."
    elif spec.destructive:
        text = "only when the user clearly asked for this; it destroys data, so confirm first."
    else:
        text = "when the user asks for this change; it writes data."
    if spec.idempotent:
        text += " Safe to retry."
    if spec.requires_approval:
        text += (
            " It needs a human's approval: the call answers `pending` with an approval id; "
            "report that id and do not call it again."
        )
    return text


def _type(prop: dict[str, Any]) -> str:
    kind = prop.get("type", "any")
    if isinstance(kind, list):
        kind = " or ".join(map(str, kind))
    if prop.get("format"):
        kind = f"{kind} ({prop['format']})"
    if kind == "array" and isinstance(prop.get("items"), dict):
        kind = f"array of {_type(prop['items'])}"
    return str(kind)


def _example(arg: str, prop: dict[str, Any]) -> Any:
    if prop.get("examples"):
        return prop["examples"][0]
    if "default" in prop:
        return prop["default"]
    if prop.get("enum"):
        return prop["enum"][0]
    kind = prop.get("type")
    kind = next((k for k in kind if k != "null"), "string") if isinstance(kind, list) else kind
    samples: dict[str, Any] = {
        "integer": prop.get("minimum", 1),
        "number": prop.get("minimum", 1.0),
        "boolean": False,
        "array": [],
        "object": {},
    }
    if kind in samples:
        return samples[kind]
    if prop.get("format") == "date":
        return "2026-12-01"
    if prop.get("format") == "date-time":
        return "2026-12-01T09:00:00Z"
    return f"<{arg}>"


def _rules() -> str:
    return (
        "## Rules\n\n"
        "- Look before you change: call a read-only action to find ids instead of guessing.\n"
        '- Errors come back as `{"error": {"code", "message", "fields"}}`: `invalid` '
        "means fix the named fields and call again; `denied` means your token or role does "
        "not allow it (tell the user, do not retry); `not_found` means check the id.\n"
        "- Send an `Idempotency-Key` (REST) when you may retry: the same key and arguments "
        "return the first result instead of acting twice.\n"
        "- After acting, tell the user what changed, naming the records."
    )
