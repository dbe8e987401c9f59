"""Every main screen rendered, offscreen and under a real X server (Xvfb): each one draws,
and no label on it is cut off nor any list scrolled sideways. The PNGs of the Xvfb run are
kept in the test's folder to look at (tests/ui/screens.py names them)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.ui.screens import SETTINGS_PAGES, main_window, make_register, walk

EXPECTED = {
    "start",
    "ontgrendelen",
    "mijn-werk",
    "casussen",
    "netwerkoverleg",
    "jaarcijfers",
    "logboek",
    "casus",
    "vergrendeld",
} | {f"instellingen-{page.lower()}" for page in SETTINGS_PAGES}
ROOT = Path(__file__).resolve().parent.parent.parent


def test_every_screen_draws_whole_offscreen(qtbot, tmp_path) -> None:
    window = main_window(tmp_path)
    qtbot.addWidget(window)
    seen = {}
    for screen in walk(window, make_register(tmp_path)):
        assert not screen.image.isNull() and screen.image.width() > 0, screen.name
        seen[screen.name] = (screen.clipped, screen.scrolled_sideways)
    assert set(seen) == EXPECTED
    assert {name: found for name, found in seen.items() if found != ([], [])} == {}


def test_every_screen_draws_whole_under_a_real_x_server(tmp_path) -> None:
    """xvfb-run (Debian's xvfb, installed by .ci/run) runs tests/ui/screens.py on Qt's xcb
    platform, as on a laptop: fonts, styles and sizes as there."""
    xvfb_run = shutil.which("xvfb-run")
    assert xvfb_run, "xvfb-run is missing: install the README's packages (xvfb, xauth)"
    out = tmp_path / "schermen"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [xvfb_run, "-a", "-s", "-screen 0 1400x900x24", sys.executable, "-m", "tests.ui.screens",
         str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert {line["name"] for line in lines} == EXPECTED
    assert {line["platform"] for line in lines} == {"xcb"}
    problems = {line["name"]: line for line in lines if line["clipped"] or line["sideways"]}
    assert problems == {}
    for name in EXPECTED:
        assert (out / f"{name}.png").stat().st_size > 1000, name
