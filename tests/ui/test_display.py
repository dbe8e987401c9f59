"""Started with DISPLAY set to an X server that does not answer, the program says so in one
Dutch sentence and exits 1, as it does with no DISPLAY at all; Qt would print English xcb
lines and abort (exit 134)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bemoeizorg.ui.app import UNREACHABLE_DISPLAY, unreachable_display


def unused_display() -> str:
    """A display number no X server on this machine holds (no socket, no lock file)."""
    for number in range(99, 200):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            return f":{number}"
    raise AssertionError("every display from :99 to :199 is taken")


def test_an_unreachable_display_is_said_in_one_dutch_sentence(tmp_path: Path) -> None:
    display = unused_display()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env.update(
        DISPLAY=display,
        BEMOEIZORG_CONFIG_DIR=str(tmp_path / "config"),
        BEMOEIZORG_DATA_DIR=str(tmp_path / "data"),
    )
    started = subprocess.run(
        [sys.executable, "-m", "bemoeizorg"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
        cwd=tmp_path,
    )
    assert started.returncode == 1, (started.returncode, started.stderr)
    lines = [line for line in started.stderr.splitlines() if line.strip()]
    assert lines == [UNREACHABLE_DISPLAY], started.stderr
    assert "xcb" not in started.stderr and started.stdout == ""


def test_only_the_x_display_is_asked() -> None:
    display = unused_display()
    assert unreachable_display({"DISPLAY": display}) == UNREACHABLE_DISPLAY
    assert unreachable_display({"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}) is not None
    # Another platform, or Wayland beside it: Qt's to find out, not refused here.
    assert unreachable_display({"DISPLAY": display, "QT_QPA_PLATFORM": "offscreen"}) is None
    assert unreachable_display({"DISPLAY": display, "WAYLAND_DISPLAY": "wayland-0"}) is None
    assert unreachable_display({}) is None  # no DISPLAY: display_problem says that
