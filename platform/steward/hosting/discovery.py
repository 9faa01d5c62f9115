"""Find hosted apps under apps/ (and any extra apps directories) without editing settings."""

from __future__ import annotations

import sys
from pathlib import Path


def discover_hosted_apps(apps_dir: Path, package: str | None = None) -> list[str]:
    """Dotted paths of every Django app package under ``apps_dir`` (one with an apps.py).

    ``apps_dir`` is itself a package, importable as ``package`` (default: its folder name).
    """
    if not apps_dir.is_dir():
        return []
    package = package or apps_dir.name
    return [
        f"{package}.{child.name}"
        for child in sorted(apps_dir.iterdir())
        if child.is_dir()
        and (child / "__init__.py").exists()
        and (child / "apps.py").exists()
        and not child.name.startswith(("_", "."))
    ]


def discover_extra_apps(apps_dirs: list[str]) -> list[str]:
    """Hosted apps from extra apps directories (STEWARD_APPS_DIRS): each one is a package whose
    parent folder goes on sys.path so its apps import as ``<folder name>.<app>``."""
    found: list[str] = []
    for raw in apps_dirs:
        apps_dir = Path(raw).expanduser().resolve()
        parent = str(apps_dir.parent)
        if parent not in sys.path:
            sys.path.append(parent)
        found += discover_hosted_apps(apps_dir)
    return found
