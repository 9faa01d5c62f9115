"""The source layout: platform/ never shadows the standard library's platform module, and
the platform never imports a hosted app."""

import ast
import platform
import subprocess
import sys
from collections.abc import Iterator
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


def _imported_modules(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Every module a source file imports, at any depth, including importlib with a literal."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.lineno, node.module
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if name in ("import_module", "__import__") and isinstance(first, ast.Constant):
                yield node.lineno, str(first.value)


def test_nothing_under_platform_imports_a_hosted_app() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in sorted((ROOT / "platform").rglob("*.py"))
        for line, module in _imported_modules(ast.parse(path.read_text(), str(path)))
        if module == "apps" or module.startswith("apps.")
    ]
    assert not offenders, (
        "The platform must not name a hosted app; reach apps through the hosted-app registry "
        "(steward.hosting.registry.hosted_apps):\n" + "\n".join(offenders)
    )
