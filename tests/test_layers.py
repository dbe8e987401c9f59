"""The core knows no screen: nothing under bemoeizorg/ outside ui/ imports Qt, and the
layers point down only (ui -> exports -> store -> domain; cli -> exports/store)."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import bemoeizorg

PACKAGE = Path(bemoeizorg.__file__).parent
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2")

# Which internal packages each layer may import (besides itself).
ALLOWED = {
    "domain": {"domain"},
    "store": {"domain", "store"},
    "exports": {"domain", "store", "exports"},
}


def _core_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts)


def _imports(source: str, module: str) -> list[str]:
    """Every module a source file imports, absolute; also import_module("...") strings."""
    found: list[str] = []
    package_parts = module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - node.level + 1]
                found.append(".".join([*base, node.module] if node.module else base))
            elif node.module:
                found.append(node.module)
        elif (
            isinstance(node, ast.Call)
            and _call_name(node.func) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append(node.args[0].value)
    return found


def _call_name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _module_name(path: Path) -> str:
    # A package's __init__ keeps its own name as the last part, so that a relative import
    # in it resolves against the package itself, as Python does.
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


def _qt_imports(path: Path) -> list[str]:
    names = _imports(path.read_text("utf-8"), _module_name(path))
    return [n for n in names if n.split(".")[0] in QT_MODULES]


def test_scanner_catches_qt_imports_in_every_form() -> None:
    source = textwrap.dedent(
        """
        import PySide6
        from PySide6.QtCore import QObject
        import shiboken6 as s
        def later():
            from PySide6 import QtWidgets
            importlib.import_module("PySide6.QtGui")
        from . import sibling
        """
    )
    found = _imports(source, "bemoeizorg.store.example")
    assert [n for n in found if n.split(".")[0] in QT_MODULES] == [
        "PySide6",
        "PySide6.QtCore",
        "shiboken6",
        "PySide6",
        "PySide6.QtGui",
    ]
    assert "bemoeizorg.store" in found


def test_no_qt_import_outside_ui() -> None:
    files = _core_files()
    assert len(files) > 15  # the scan really sees the package
    offenders = {str(p.relative_to(PACKAGE)): q for p in files if (q := _qt_imports(p))}
    assert offenders == {}


def test_layers_point_down_only() -> None:
    offenders: list[str] = []
    for path in _core_files():
        rel = path.relative_to(PACKAGE).parts
        layer = rel[0] if len(rel) > 1 else None
        if layer not in ALLOWED:
            continue
        for name in _imports(path.read_text("utf-8"), _module_name(path)):
            parts = name.split(".")
            if parts[0] != "bemoeizorg" or len(parts) < 2:
                continue
            if parts[1] not in ALLOWED[layer]:
                offenders.append(f"{'/'.join(rel)} imports {name}")
    assert offenders == []


def test_importing_the_core_loads_no_qt() -> None:
    """Import every core module in a clean interpreter; Qt must stay out of sys.modules."""
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import bemoeizorg
        skip = ("bemoeizorg.ui", "bemoeizorg.__main__", "bemoeizorg.store.migrations.env")
        names = []
        for info in pkgutil.walk_packages(bemoeizorg.__path__, "bemoeizorg."):
            if info.name.startswith(skip):
                continue
            importlib.import_module(info.name)
            names.append(info.name)
        for must in ("bemoeizorg.cli", "bemoeizorg.demo", "bemoeizorg.settings",
                     "bemoeizorg.store.register", "bemoeizorg.store.reference_data"):
            assert must in names, must
        qt = sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[1:])
        print(len(names), qt)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *QT_MODULES], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    count, qt = result.stdout.strip().split(" ", 1)
    assert int(count) > 15
    assert qt == "[]"
