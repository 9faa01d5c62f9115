import sys
from pathlib import Path

from steward.hosting.discovery import discover_extra_apps, discover_hosted_apps


def _app(root: Path, name: str, *, apps_py: bool = True) -> None:
    (root / name).mkdir(parents=True)
    (root / name / "__init__.py").write_text("")
    if apps_py:
        (root / name / "apps.py").write_text("")


def test_it_finds_app_packages_with_an_apps_module(tmp_path: Path) -> None:
    apps = tmp_path / "apps"
    _app(apps, "wiki")
    _app(apps, "helpdesk")
    _app(apps, "no_config", apps_py=False)
    _app(apps, "_private")
    (apps / "notes.txt").write_text("")
    assert discover_hosted_apps(apps) == ["apps.helpdesk", "apps.wiki"]


def test_a_missing_folder_has_no_apps(tmp_path: Path) -> None:
    assert discover_hosted_apps(tmp_path / "nowhere") == []


def test_extra_folders_import_under_their_own_package_name(tmp_path: Path) -> None:
    extra = tmp_path / "team_apps"
    _app(extra, "wiki")
    try:
        assert discover_extra_apps([str(extra)]) == ["team_apps.wiki"]
        assert str(tmp_path) in sys.path
    finally:
        sys.path.remove(str(tmp_path))
