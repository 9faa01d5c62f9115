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


def _layers() -> list[set[str]]:
    """The layers of pyproject's import contract, bottom first, as package names."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["id"] == "layers"]
    return [
        {name.strip().removeprefix("steward.") for name in layer.split("|")}
        for layer in reversed(contract["layers"])
    ]


def _package_imports() -> set[tuple[str, str, str]]:
    """(importing package, imported package, where) for every import between steward's
    packages: module level, inside functions, and importlib.import_module with a literal."""
    import ast

    root = ROOT / "platform" / "steward"
    packages = {p.name for p in root.iterdir() if (p / "__init__.py").exists()}
    found = set()
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        if parts[0] not in packages or "migrations" in parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif _imports_a_module(node):
                names = [str(node.args[0].value)]  # type: ignore[attr-defined]
            for name in names:
                bits = name.split(".")
                crossing = len(bits) > 1 and bits[0] == "steward" and bits[1] in packages
                if crossing and bits[1] != parts[0]:
                    found.add((parts[0], bits[1], f"{path.relative_to(ROOT)}:{node.lineno}"))
    return found


def _imports_a_module(node: object) -> bool:
    """``importlib.import_module("literal")`` (or a bare ``import_module("literal")``)."""
    import ast

    if not isinstance(node, ast.Call):
        return False
    called = getattr(node.func, "attr", getattr(node.func, "id", ""))
    return called == "import_module" and bool(node.args) and isinstance(node.args[0], ast.Constant)


def _imports_a_module(node: object) -> bool:
    """``importlib.import_module("literal")`` (or a bare ``import_module("literal")``)."""
    import ast

    if not isinstance(node, ast.Call):
        return False
    called = getattr(node.func, "attr", getattr(node.func, "id", ""))
    return called == "import_module" and bool(node.args) and isinstance(node.args[0], ast.Constant)


def test_every_package_is_in_a_layer() -> None:
    root = ROOT / "platform" / "steward"
    packages = {p.name for p in root.iterdir() if (p / "__init__.py").exists()}
    assert packages == set().union(*_layers())


def test_no_package_imports_a_package_above_it_at_any_depth() -> None:
    rank = {name: i for i, layer in enumerate(_layers()) for name in layer}
    upward = sorted(
        f"{where}: {src} imports {dst}"
        for src, dst, where in _package_imports()
        if rank[dst] > rank[src] or (rank[dst] == rank[src] and dst != src)
    )
    assert upward == []
