"""What a laptop installs beside the code: desktop entry, AppStream metadata, icon, the
PyInstaller spec; and the benchmarks' smoke mode (they run and report ratios; their figures
are never judged here: timing budgets live in bench/, not in tests)."""

from __future__ import annotations

import ast
import configparser
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from bemoeizorg.store.keyring_store import ALLOWED_BACKENDS
from tests.helpers.processes import ratio_lines, run_quick

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "nl.bemoeizorg.Register"
DESKTOP = ROOT / "resources" / f"{APP_ID}.desktop"
METAINFO = ROOT / "resources" / f"{APP_ID}.metainfo.xml"
ICON = ROOT / "resources" / "bemoeizorg.svg"
SPEC = ROOT / "packaging" / "bemoeizorg.spec"


def _pyproject() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(DESKTOP.read_text("utf-8"))
    assert parser.sections() == ["Desktop Entry"]
    return parser["Desktop Entry"]


def _metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def test_desktop_entry_has_the_required_keys() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Bemoeizorg Register"
    assert entry["Comment"].strip()
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    categories = entry["Categories"]
    assert categories.endswith(";")
    assert {"Office", "MedicalSoftware"} <= set(filter(None, categories.split(";")))


def test_desktop_entry_starts_the_console_script() -> None:
    scripts = _pyproject()["project"]["scripts"]
    entry = _desktop_entry()
    program = entry["Exec"].split()[0]
    assert program in scripts
    assert scripts[program] == "bemoeizorg.__main__:main"
    assert entry.get("TryExec", program) == program


def test_metainfo_names_the_app_and_its_launcher() -> None:
    root = _metainfo()
    assert root.tag == "component"
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    launchable = root.find("launchable")
    assert launchable is not None
    assert launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    assert root.findtext("name") == _desktop_entry()["Name"]
    summary = root.findtext("summary") or ""
    assert summary.strip() and not summary.strip().endswith(".")
    assert root.findall("description/p")


def test_metainfo_agrees_with_pyproject() -> None:
    project = _pyproject()["project"]
    root = _metainfo()
    assert root.findtext("project_license") == project["license"]["text"] == "EUPL-1.2"
    assert root.findtext("provides/binary") in project["scripts"]
    releases = root.findall("releases/release")
    assert releases, "metainfo lists no release"
    assert releases[0].get("version") == project["version"], "newest release goes first"


def test_icon_is_an_svg() -> None:
    root = ET.parse(ICON).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox")


def _spec_list(name: str) -> list[str]:
    for node in ast.walk(ast.parse(SPEC.read_text("utf-8"))):
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
            and isinstance(node.value, ast.List)
        ):
            return [
                e.value
                for e in node.value.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            ]
    raise AssertionError(f"{name} = [...] not found in {SPEC.name}")


def test_spec_bundles_every_allowed_keyring_backend() -> None:
    hidden = set(_spec_list("hiddenimports"))
    for backend in ALLOWED_BACKENDS:
        assert backend.rsplit(".", 1)[0] in hidden, backend
    assert {"sqlcipher3", "argon2", "zxcvbn.frequency_lists"} <= hidden


def test_spec_ships_the_migrations_and_the_dutch_qt_strings() -> None:
    text = SPEC.read_text("utf-8")
    assert '"bemoeizorg/store/migrations/versions"' in text
    assert "qtbase_nl.qm" in text
    migrations = ROOT / "bemoeizorg" / "store" / "migrations"
    assert (migrations / "env.py").is_file()
    assert list((migrations / "versions").glob("0*.py"))


def _run_bench(module: str, tmp_path: Path) -> list[str]:
    done = run_quick(module, tmp_path)
    lines = ratio_lines(done)
    assert lines, done.stdout
    return lines


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("bench.bench_unlock", ["unlock (passphrase)", "argon2id alone", "open with raw key"]),
        ("bench.bench_startup", ["start main window"]),
    ],
)
def test_benchmark_smoke_mode_reports_ratios(
    module: str, expected: list[str], tmp_path: Path
) -> None:
    lines = _run_bench(module, tmp_path)
    for name in expected:
        assert any(line.startswith(name) for line in lines), (name, lines)


def test_the_pdf_font_and_its_licence_go_into_the_package() -> None:
    """The PDFs embed DejaVu Sans from the package itself, not from the system: the wheel
    (package data) and the bundle (the spec's datas) carry it, with its licence."""
    package = ROOT / "bemoeizorg"
    patterns = _pyproject()["tool"]["setuptools"]["package-data"]["bemoeizorg"]
    shipped = {p for pattern in patterns for p in package.glob(pattern) if p.is_file()}
    fonts = package / "resources" / "fonts"
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE"):
        assert fonts / name in shipped, name
    assert "Bitstream" in (fonts / "LICENSE").read_text("utf-8")
    assert "resources/fonts" in SPEC.read_text("utf-8")
