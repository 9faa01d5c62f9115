"""Blank text in REST request bodies, as DRF treats it, said in the OpenAPI document.

drf-spectacular writes minLength 1 on request text that refuses blank (request components
only: COMPONENT_SPLIT_REQUEST). DRF does two more things it does not describe:

* CharField trims whitespace before its blank check (every request serializer of Steward
  keeps that default), so spaces alone are refused like "";
* in a form-encoded or multipart body, "" for a field that takes null *is* null, accepted.

A field that broke the first rule would be caught by the OpenAPI conformance test
(schemathesis): the server would accept a request this document calls invalid.
"""

from __future__ import annotations

import copy
from typing import Any

from steward.actions.jsonschema import NOT_BLANK

_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
# The empty string (null in a form), or text that is not only spaces. "(?![\s\S])" rather
# than "$", which in Python's re also matches before a final newline.
EMPTY_OR_NOT_BLANK = r"^(?![\s\S])|" + NOT_BLANK


def describe_blank_text(result: dict[str, Any]) -> None:
    """Both rules, on the request components and the form bodies that use them."""
    components = result.get("components", {}).get("schemas", {})
    for name, component in components.items():
        if name.endswith("Request"):
            for prop in _refusing_blank(component):
                prop["pattern"] = NOT_BLANK
    for operations in result.get("paths", {}).values():
        for op in operations.values():
            content = op.get("requestBody", {}).get("content", {})
            for media in _FORMS:
                if media in content:
                    content[media]["schema"] = _as_form(content[media]["schema"], components)


def _refusing_blank(component: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        prop
        for prop in component.get("properties", {}).values()
        if prop.get("type") == "string"
        and prop.get("minLength", 0) >= 1
        and not {"format", "enum"} & set(prop)
        and prop.get("pattern", NOT_BLANK) == NOT_BLANK
    ]


def _as_form(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    """The body's schema with nullable text taking "" too (inline), or as it was."""
    ref = schema.get("$ref", "")
    component = components.get(ref.rsplit("/", 1)[-1]) if ref else None
    if component is None or not any(p.get("nullable") for p in _refusing_blank(component)):
        return schema
    form = copy.deepcopy(component)
    for prop in _refusing_blank(form):
        if prop.get("nullable"):
            del prop["minLength"]
            prop["pattern"] = EMPTY_OR_NOT_BLANK
    return form
