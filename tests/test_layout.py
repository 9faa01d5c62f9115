"""The platform/ source folder must never shadow the standard library's platform module."""

import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_platform_is_the_standard_library_module_under_pytest() -> None:
    assert hasattr(platform, "python_version")
    assert Path(platform.__file__).parent != ROOT / "platform"


def test_platform_is_the_standard_library_module_under_manage_py() -> None:
    out = (
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "import platform; print(platform.__file__); print(platform.python_version())",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()
    )
    assert not out[-2].startswith(str(ROOT)), out
    assert out[-1].count(".") == 2


def test_there_is_no_platform_package_file() -> None:
    assert not (ROOT / "platform" / "__init__.py").exists()
