"""A detail page for any record of a hosted app: its fields, related records and the actions
that apply to it (those with a ``<model>_id`` parameter), each as a generated form filled in
with the record's current values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from steward.access.teams import has_role
from steward.actions.registry import actions
from steward.actions.spec import ActionSpec
from steward.hosting.exceptions import UnknownApp
from steward.hosting.registry import hosted_apps
from steward.pages.action_forms import ActionForm, FormOptions, build_form
from steward.pages.decorators import require_app_role
from steward.pages.history import record_history
from steward.pages.values import for_people, person_name

RELATED_SHOWN = 50


@dataclass
class Row:
    label: str
    value: Any
    url: str = ""


def record_url(record: models.Model) -> str:
    meta = record._meta
    return reverse("app-record", args=[meta.app_label, meta.model_name, record.pk])


def app_model(app: str, model_name: str) -> type[models.Model]:
    """The hosted app's model called ``model_name`` (lowercase); Http404 otherwise."""
    try:
        hosted = hosted_apps.get(app)
    except UnknownApp as exc:
        raise Http404(str(exc)) from None
    for model in hosted.models():
        if model._meta.model_name == model_name:
            return model
    raise Http404(f"The {app} app has no model called {model_name!r}.")


def record_exists(app: str, key: str) -> bool:
    """Does ``"<model>:<pk>"`` still exist in ``app``?"""
    model_name, _, pk = key.partition(":")
    try:
        model = app_model(app, model_name)
        return model._default_manager.filter(pk=pk).exists()
    except (Http404, ValueError):
        return False


def applicable_actions(app: str, model: type[models.Model]) -> list[ActionSpec]:
    """The app's changing actions that name one record of ``model`` (``<model>_id``)."""
    key = f"{model._meta.model_name}_id"
    found = [
        spec
        for spec in actions.for_app(app)
        if not spec.read_only and key in spec.serializer_class().fields
    ]
    return sorted(found, key=lambda s: (s.destructive, not s.name.startswith("update"), s.name))


def record_forms(request: HttpRequest, app: str, record: models.Model) -> list[ActionForm]:
    """A filled-in form for each action the person may run on ``record``."""
    key = f"{record._meta.model_name}_id"
    forms = []
    for spec in applicable_actions(app, type(record)):
        if not has_role(request.user, app, spec.permission):
            continue
        if spec.offered_when is not None and not spec.offered_when(record):
            continue
        initial: dict[str, Any] = {key: record.pk}
        for name in map(str, spec.serializer_class().fields):
            if name != key and _is_field(record, name):
                initial[name] = getattr(record, name)
        form = build_form(spec, FormOptions(initial=initial, fixed={key}))
        form.record = f"{record._meta.model_name}:{record.pk}"
        forms.append(form)
    return forms


def rows(record: models.Model) -> list[Row]:
    found = []
    for f in record._meta.concrete_fields:
        if f.primary_key:
            continue
        value = getattr(record, f.name)
        url = ""
        if isinstance(f, models.ForeignKey) and value is not None:
            if value._meta.app_label == record._meta.app_label:
                url = record_url(value)
            value = person_name(value)
        else:
            value = for_people(f, value, {})
        found.append(Row(label=str(f.verbose_name).capitalize(), value=value, url=url))
    return found


def related(record: models.Model) -> list[dict[str, Any]]:
    """Records of the same app that point at this one (a company's deals, a deal's activities)."""
    groups = []
    for rel in record._meta.related_objects:
        other = rel.related_model
        if isinstance(other, str) or not rel.one_to_many:
            continue
        if other._meta.app_label != record._meta.app_label:
            continue
        items = list(getattr(record, str(rel.get_accessor_name())).all()[:RELATED_SHOWN])
        groups.append(
            {
                "label": str(other._meta.verbose_name_plural).capitalize(),
                "items": [{"text": str(i), "url": record_url(i)} for i in items],
            }
        )
    return groups


@login_required
def record_page(request: HttpRequest, app: str, model: str, pk: str) -> HttpResponse:
    model_class = app_model(app, model)
    require_app_role(request, app)
    record = model_class._default_manager.filter(pk=pk).first() if pk.isdigit() else None
    if record is None and request.GET.get("region"):
        # Deleted while the page was open (another tab, person or agent): say so in place.
        gone = {"hosted": hosted_apps.get(app), "verbose_name": model_class._meta.verbose_name}
        return render(request, "pages/forms/_record_gone.html", gone)
    if record is None:
        raise Http404(f"No {model_class._meta.verbose_name} #{pk}; it may have been deleted.")
    context = {
        "hosted": hosted_apps.get(app),
        "record": record,
        "verbose_name": str(model_class._meta.verbose_name).capitalize(),
        "rows": rows(record),
        "related": related(record),
        "forms": record_forms(request, app, record),
        "history": record_history(model_class._meta.label_lower, record.pk),
    }
    template = "pages/forms/_record_body.html" if request.GET.get("region") else None
    return render(request, template or "pages/forms/record_page.html", context)


def _is_field(record: models.Model, name: str) -> bool:
    return any(name in (f.name, f.attname) for f in record._meta.concrete_fields)
