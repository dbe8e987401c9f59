"""The folders are the layers: nothing outside ui/ imports Qt, every import points down the
map below, there is no import circle anywhere in the package, and export code cannot reach
the reporter's table."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import bemoeizorg

PACKAGE = Path(bemoeizorg.__file__).parent
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2")

# The map, bottom up: a room may import its own folder and any room on a lower floor.
# `bemoeizorg` itself (its __init__: name and version) is the foundation everyone may use.
FLOORS = {
    "domain": 0,  # pure values and rules
    "store": 1,  # the encrypted register
    "settings": 2,  # device settings (a JSON file written through store.files)
    "casework": 2,  # the case records
    "exports": 3,  # what leaves the laptop
    "sheets": 3,  # spreadsheets in and out
    "demo": 4,  # the demo register (used by the CLI, the UI and bench/)
    "cli": 5,
    "ui": 5,
    "__main__": 6,
}

# What export code may name from the schema. The reporter's table is not on it, and must
# never be: the pack and the counts cannot read who reported.
EXPORT_SCHEMA_NAMES = {
    "AgendaItem",
    "Case",
    "CaseAction",
    "CaseEvent",
    "CoveredMunicipality",
    "Disclosure",
    "Meeting",
    "Person",
    "PersonContact",  # the inzage shows the person's own network and earlier details
    "PersonHistory",
    "PersonMerge",  # and what a second entry of them, merged into this one, said
    "Report",
    "ReportConcern",
    "TeamMember",
    "ZrmScore",  # the inzage (art. 15 AVG) shows the person's own ZRM scores
}
# What export code may take from the case records (none of it returns reporter data).
EXPORT_CASEWORK_NAMES = {
    "current_contact_point",
    "previous_agreements",
    # The publication log of counts (aggregates only): read and recorded by the counts export.
    "LoggedCell",
    "LoggedPublication",
    "last_publication_id",
    "record_publication",
    "related_publications",
}


def _all_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


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


def _room(module: str) -> str | None:
    """The top-level room of a bemoeizorg module name: `bemoeizorg.store.files` -> `store`."""
    parts = module.split(".")
    if parts[0] != "bemoeizorg":
        return None
    return parts[1] if len(parts) > 1 else ""


def _known_modules() -> set[str]:
    return {_module_name(p).removesuffix(".__init__") for p in _all_files()}


def _resolve(name: str, known: set[str]) -> str | None:
    """The module an imported name lands in: `a.b.c` is module `a.b` when `a.b.c` is a name."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def _import_graph() -> dict[str, set[str]]:
    known = _known_modules()
    graph: dict[str, set[str]] = {}
    for path in _all_files():
        module = _module_name(path)
        me = module.removesuffix(".__init__")
        targets: set[str] = set()
        tree = ast.parse(path.read_text("utf-8"))
        names = _imports(path.read_text("utf-8"), module)
        # `from pkg import sub` imports the module pkg.sub: count it as that module.
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names += [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            target = _resolve(name, known)
            if target and target != me and target.startswith("bemoeizorg"):
                targets.add(target)
        graph[me] = targets
    # `from pkg import sub` also names pkg: drop the package edge when the submodule is there.
    for me, targets in graph.items():
        graph[me] = {t for t in targets if not any(o.startswith(t + ".") for o in targets)}
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_room_is_on_the_map() -> None:
    rooms = {_room(m) for m in _known_modules()} - {""}
    assert rooms == set(FLOORS)


def test_layers_point_down_only() -> None:
    offenders: list[str] = []
    for module, targets in _import_graph().items():
        mine = _room(module)
        if not mine:
            continue
        for target in targets:
            theirs = _room(target)
            if theirs == "" or theirs == mine:
                continue
            if theirs is None or FLOORS[theirs] >= FLOORS[mine]:
                offenders.append(f"{module} imports {target}")
    assert offenders == []


def test_no_import_circle_anywhere() -> None:
    assert _circles(_import_graph()) == []


def test_circle_finder_sees_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _circles(graph) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_export_code_cannot_reach_the_reporter() -> None:
    """Import every export module for real and look at what it holds: only allow-listed
    schema classes, no schema module, no raw SQL naming the reporter's table."""
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys, types
        import bemoeizorg.exports
        from bemoeizorg.store import schema
        mapped = {v: k for k, v in vars(schema).items() if isinstance(v, type)
                  and issubclass(v, schema.Base) and v is not schema.Base}
        allowed, casework_allowed = sys.argv[1].split(","), sys.argv[2].split(",")
        bad = []
        for info in pkgutil.walk_packages(bemoeizorg.exports.__path__, "bemoeizorg.exports."):
            module = importlib.import_module(info.name)
            for name, value in vars(module).items():
                if value is schema or value is schema.Base:
                    bad.append(f"{info.name}.{name}: the whole schema")
                elif isinstance(value, type) and value in mapped and mapped[value] not in allowed:
                    bad.append(f"{info.name}.{name}: {mapped[value]}")
                elif getattr(value, "__module__", "").startswith("bemoeizorg.casework") \
                        and name not in casework_allowed:
                    bad.append(f"{info.name}.{name}: from the case records")
                elif isinstance(value, types.ModuleType) \
                        and value.__name__.startswith("bemoeizorg.casework"):
                    bad.append(f"{info.name}.{name}: a case-records module")
        print(bad)
        """
    )
    assert "Reporter" not in EXPORT_SCHEMA_NAMES
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            ",".join(sorted(EXPORT_SCHEMA_NAMES)),
            ",".join(sorted(EXPORT_CASEWORK_NAMES)),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    # And no raw SQL that names the table by its string.
    table = '"reporter"'
    for path in (PACKAGE / "exports").rglob("*.py"):
        assert table not in path.read_text("utf-8").lower(), path


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
                     "bemoeizorg.store.register", "bemoeizorg.casework.reference_data"):
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
