"""Render a model review (see steward.hosting.modelreview) as plain text for a terminal."""

from __future__ import annotations

from typing import Any


def _field_line(f: dict[str, Any]) -> str:
    kind = f["type"] + (f"({f['max_length']})" if f["max_length"] else "")
    if "max_digits" in f:
        kind += f"({f['max_digits']},{f['decimal_places']})"
    flags = [
        flag
        for flag, on in [
            ("primary key", f["primary_key"]),
            ("unique", f["unique"] and not f["primary_key"]),
            ("null", f["null"]),
            ("blank", f["blank"]),
        ]
        if on
    ]
    if f["auto"]:
        flags.append("set on every save" if f["auto"] == "auto_now" else "set on create")
    if f["default"] is not None:
        flags.append(f"default={f['default']!r}")
    line = f"    {f['name']:<14} {kind:<22} {', '.join(flags) or 'required'}"
    if f["choices"]:
        line += "\n" + " " * 20 + "choices: " + ", ".join(str(v) for v, _ in f["choices"])
    if f["help_text"]:
        line += "\n" + " " * 20 + f"help: {f['help_text']}"
    return line


def render_text(review: dict[str, Any]) -> str:
    out = [f"Data model of {review['title']} ({review['app']})", ""]
    for model in review["models"]:
        out.append(f"{model['label']}  →  table {model['table']}")
        if model["ordering"]:
            out.append(f"  ordering: {', '.join(model['ordering'])}")
        out.append("  fields:")
        out += [_field_line(f) for f in model["fields"]]
        if model["relations"]:
            out.append("  relations:")
            out += [
                f"    {r['field']} → {r['to']} ({r['kind']}, on delete {r['on_delete']}"
                + (f", related name {r['related_name']}" if r["related_name"] else "")
                + ")"
                for r in model["relations"]
            ]
        if model["constraints"]:
            out.append("  constraints:")
            out += [f"    {c['name']} ({c['kind']}): {c['detail']}" for c in model["constraints"]]
        if model["indexes"]:
            out.append("  indexes:")
            out += [f"    {i['name']}: {', '.join(i['fields'])}" for i in model["indexes"]]
        out.append("")
    if not review["models"]:
        out.append("(no models yet)")
    return "\n".join(out).rstrip() + "\n"
