"""A page form for any Safe Action, built from its declaration; no hand-written form needed.

Two conventions make record parameters pleasant without any declaration in the app:

* ``<model>_id`` (``idea_id``, ``company_id``), where ``<model>`` is one of the app's models:
  a select of those records. On a form made for one record it is a hidden field.
* A text parameter named like one of the app's foreign keys to users (``owner``,
  ``assignee``): a select of the people on the app's team (by name; the value is the username).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models
from django.http import QueryDict
from django.urls import reverse
from rest_framework.fields import empty

from steward.actions.spec import ActionSpec
from steward.hosting.registry import hosted_apps
from steward.pages.form_fields import FormField, describe
from steward.pages.people_errors import strip_hints

MAX_CHOICES = 500
_NOT_ID = re.compile(r"[^a-z0-9-]+")


@dataclass
class ActionForm:
    """Everything a template needs to draw one action's form."""

    spec: ActionSpec
    form_id: str
    fields: list[FormField]
    url: str
    submit: str
    done: str = ""
    message: str = ""  # the message above the fields after a failed post
    ok: bool | None = None
    record: str = ""  # "<model>:<pk>" when the form acts on one record
    reset_on_success: bool = True
    result: Any = None
    result_shown: Any = None  # the result laid out for a person (steward.pages.result_view)
    options: FormOptions | None = None

    @property
    def initial_json(self) -> str:
        initial = self.options.initial if self.options else {}
        return json.dumps({k: _as_text(v) for k, v in initial.items()})

    @property
    def fixed_names(self) -> str:
        return ",".join(sorted(self.options.fixed)) if self.options else ""

    @property
    def visible_fields(self) -> list[FormField]:
        return [f for f in self.fields if not f.hidden]

    @property
    def hidden_fields(self) -> list[FormField]:
        return [f for f in self.fields if f.hidden]

    @property
    def description(self) -> str:
        """The action's description without the sentences meant for agents."""
        return strip_hints(self.spec.description, self.spec.app) or self.spec.description

    @property
    def confirm(self) -> str:
        if not self.spec.destructive:
            return ""
        return f"{self.submit}? This cannot be undone from this page."


@dataclass
class FormOptions:
    """How a page places a form: the record it is for, the button's words, what to say when done."""

    initial: dict[str, Any] = field(default_factory=dict)
    fixed: set[str] = field(default_factory=set)  # parameters shown as hidden fields
    submit: str = ""
    done: str = ""
    form_id: str = ""


def build_form(
    spec: ActionSpec,
    options: FormOptions,
    *,
    data: QueryDict | None = None,
    errors: dict[str, str] | None = None,
) -> ActionForm:
    """The form of ``spec``: initial values from ``options``, or what was posted (``data``)."""
    errors = errors or {}
    controls = []
    for name, drf_field in spec.serializer_class().fields.items():
        if drf_field.read_only:
            continue
        control = describe(name, drf_field)
        control.help = strip_hints(control.help, spec.app)  # "as list_ideas shows it" is for agents
        _add_record_choices(spec.app, control)
        control.hidden = name in options.fixed
        if data is not None and name in data:
            _fill(control, data.getlist(name))
        elif name in options.initial:
            _fill(control, [_as_text(options.initial[name])])
        elif _has_default(drf_field):
            _fill(control, [_as_text(drf_field.default)])
        control.error = errors.get(name, "")
        _keep_what_was_typed(control)
        controls.append(control)
    return ActionForm(
        spec=spec,
        form_id=options.form_id or form_id(spec, _placed(options, data), options.fixed),
        fields=controls,
        url=reverse("app-action-form", args=[spec.app, spec.name]),
        submit=options.submit or submit_label(spec),
        done=options.done,
        reset_on_success=not options.fixed,
        options=options,
    )


def _placed(options: FormOptions, data: QueryDict | None) -> dict[str, Any]:
    """The values that place the form on its record: initial ones, or the posted ones."""
    posted = {name: data.get(name) for name in options.fixed if data and name in data}
    return {**options.initial, **posted}


def _has_default(drf_field: Any) -> bool:
    default = drf_field.default
    return default is not empty and default not in (None, "") and not callable(default)


def form_id(spec: ActionSpec, initial: dict[str, Any], fixed: set[str]) -> str:
    """A stable id per action and record, so a live refresh morphs each form into itself."""
    key = "-".join(f"{name}-{initial.get(name)}" for name in sorted(fixed))
    base = f"af-{spec.app}-{spec.name}".replace("_", "-")
    if not key:
        return base
    readable = _NOT_ID.sub("-", key.lower()).strip("-")
    if len(readable) > 40:
        readable = hashlib.sha1(key.encode()).hexdigest()[:12]
    return f"{base}-{readable}"


def submit_label(spec: ActionSpec) -> str:
    """``update_idea`` → "Update idea"."""
    words = spec.name.replace("_", " ")
    return words[:1].upper() + words[1:]


def record_model(app: str, name: str) -> type[models.Model] | None:
    """The app's model a ``<model>_id`` parameter refers to, if any."""
    if not name.endswith("_id") or app not in hosted_apps:
        return None
    wanted = name.removesuffix("_id")
    for model in hosted_apps.get(app).models():
        if model._meta.model_name == wanted:
            return model
    return None


def user_fields(app: str) -> set[str]:
    """Names of the app's foreign keys to users (``owner``, ``assignee``)."""
    names = set()
    for model in hosted_apps.get(app).models():
        for f in model._meta.get_fields():
            target = f.related_model if isinstance(f, models.ForeignKey) else None
            if (
                target is not None
                and not isinstance(target, str)
                and target._meta.label == settings.AUTH_USER_MODEL
            ):
                names.add(f.name)
    return names


def _add_record_choices(app: str, control: FormField) -> None:
    model = record_model(app, control.name)
    if model is not None and control.kind == "number":
        records = model._default_manager.all()[:MAX_CHOICES]
        control.kind = "select"
        control.choices = [(str(r.pk), f"{r} (#{r.pk})") for r in records]
        control.attrs = {}
        control.label = str(model._meta.verbose_name).capitalize()
        return
    if (
        control.kind in ("text", "textarea")
        and app in hosted_apps
        and control.name in user_fields(app)
    ):
        control.kind = "select"
        control.choices = team_people(app)
        control.blank_choice = "— nobody —"
        control.attrs = {}


# What a browser's typed control accepts as its value; anything else it shows as empty.
TYPED_VALUE = {
    "number": re.compile(r"^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$"),
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "datetime-local": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"),
}


def _keep_what_was_typed(control: FormField) -> None:
    """A value the control's type cannot hold ("twelve" in a number box, 2026-02-31 in a date
    box) is shown in a plain text box, so the person sees what the error beside it is about
    instead of an empty box. A date that does not exist is well formed: it is checked too."""
    pattern = TYPED_VALUE.get(control.kind)
    if not control.error or not control.value or pattern is None:
        return
    fits = bool(pattern.match(control.value))
    if fits and control.kind == "date":
        try:
            dt.date.fromisoformat(control.value)
        except ValueError:
            fits = False
    if not fits:
        control.kind = "text"
        control.attrs = {k: v for k, v in control.attrs.items() if k not in ("min", "max", "step")}


def team_people(app: str) -> list[tuple[str, str]]:
    """(username, name a person reads) of everyone on ``app``'s team, by name: the options of
    an owner or assignee select and of the pages' filters. The value stays the username."""
    from django.contrib.auth import get_user_model

    from steward.access.models import Membership

    members = Membership.objects.filter(app=app, user__is_active=True).values("user")
    users = get_user_model().objects.filter(models.Q(pk__in=members) | models.Q(is_superuser=True))
    people = [
        (u.get_username(), u.get_full_name() or u.get_username())
        for u in users.filter(is_active=True)
    ]
    return sorted(people, key=lambda person: (person[1].lower(), person[0]))


def _fill(control: FormField, values: list[str]) -> None:
    text = [str(v) for v in values]
    if control.kind == "checkbox":
        control.checked = bool(text) and text[-1].lower() in {"1", "true", "on", "yes"}
    elif control.kind == "list":
        control.value = "\n".join(text)
    else:
        control.value = text[-1] if text else ""
    if control.kind == "select" and control.value and control.value not in dict(control.choices):
        control.choices = [*control.choices, (control.value, control.value)]


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, models.Model):
        if value._meta.label == settings.AUTH_USER_MODEL:
            return str(value.get_username())  # type: ignore[attr-defined]
        return str(value.pk)
    if isinstance(value, list | tuple):
        return "\n".join(_as_text(v) for v in value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:16]  # dates, and datetimes to the minute
    if hasattr(value, "value") and not isinstance(value, str | int | float):
        return str(value.value)  # an Enum
    return str(value)
