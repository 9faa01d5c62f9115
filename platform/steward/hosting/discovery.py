"""Find hosted apps under apps/ without editing settings."""

from __future__ import annotations

from pathlib import Path


def discover_hosted_apps(apps_dir: Path) -> list[str]:
    """Dotted paths of every Django app package under ``apps_dir`` (one with an apps.py)."""
    if not apps_dir.is_dir():
        return []
    return [
        f"apps.{child.name}"
        for child in sorted(apps_dir.iterdir())
        if child.is_dir()
        and (child / "__init__.py").exists()
        and (child / "apps.py").exists()
        and not child.name.startswith(("_", "."))
    ]
