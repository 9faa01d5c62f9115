"""``startsite``: check a new app's name and scaffold the app from the files in scaffold/."""

from __future__ import annotations

import importlib.util
import keyword
import re
from pathlib import Path
from string import Template

from django.apps import apps as django_apps
from django.conf import settings

from steward.hosting.exceptions import InvalidAppName

SCAFFOLD_DIR = Path(__file__).resolve().parent / "scaffold"
NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,39}")
# Labels worth keeping free even when the app that uses them is not installed here.
RESERVED = {
    "admin",
    "auth",
    "contenttypes",
    "sessions",
    "messages",
    "staticfiles",
    "static",
    "templates",
    "steward",
    "apps",
    "tests",
    "test",
    "site",
    "model",
    "act",
}


def _installed_labels() -> set[str]:
    labels = {config.label for config in django_apps.get_app_configs()}
    return labels | {entry.rsplit(".", 1)[-1] for entry in settings.INSTALLED_APPS}


def validate_name(name: str, directory: Path) -> None:
    """Raise InvalidAppName with the reason and a fix unless ``name`` can be a new app."""
    if not NAME_PATTERN.fullmatch(name):
        raise InvalidAppName(
            f"{name!r} is not a valid app name: use a lowercase Python identifier of at most 40 "
            "characters (a-z, digits, underscores; starting with a letter), e.g. 'helpdesk'."
        )
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        raise InvalidAppName(f"{name!r} is a Python keyword; pick another name, e.g. '{name}s'.")
    if (directory / name).exists():
        raise InvalidAppName(
            f"{directory / name} already exists; pick another name or remove that folder."
        )
    if name in RESERVED or name in _installed_labels():
        raise InvalidAppName(
            f"{name!r} clashes with an installed Django app label; pick another name."
        )
    if importlib.util.find_spec(name) is not None:
        raise InvalidAppName(
            f"{name!r} is already an importable Python module; an app of that name would "
            "shadow it or be shadowed. Pick another name."
        )


def _target(relative: Path, name: str) -> Path:
    if relative.parts[0] == "templates":
        return Path("templates", name, *relative.parts[1:])
    if relative.name == "test_app.py":
        return relative.with_name(f"test_{name}.py")
    return relative


def render_files(name: str, package: str) -> dict[Path, str]:
    """The new app's files (relative path → text), rendered from scaffold/*.tmpl."""
    values = {
        "name": name,
        "module": f"{package}.{name}",
        "module_path": f"{package}/{name}",
        "title": name.replace("_", " ").title(),
        "class_name": "".join(part.title() for part in name.split("_")),
    }
    files = {}
    for source in sorted(SCAFFOLD_DIR.rglob("*.tmpl")):
        relative = source.relative_to(SCAFFOLD_DIR).with_suffix("")
        files[_target(relative, name)] = Template(source.read_text()).substitute(values)
    return files


def startsite(name: str, directory: Path) -> list[Path]:
    """Scaffold hosted app ``name`` in ``directory`` (a package, e.g. apps/); nothing is
    written when the name is refused. Returns the files written."""
    directory = directory.resolve()
    validate_name(name, directory)
    if not (directory / "__init__.py").exists():
        raise InvalidAppName(
            f"{directory} is not a Python package: create it with an empty __init__.py first."
        )
    files = render_files(name, package=directory.name)
    written = []
    for relative, text in files.items():
        path = directory / name / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        written.append(path)
    return written
