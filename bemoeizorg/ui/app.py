"""Starting the GUI: the application, Qt's Dutch translations, the main window."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from types import TracebackType

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from bemoeizorg import APP_NAME
from bemoeizorg.settings import config_dir, data_dir
from bemoeizorg.store.files import sweep_temp_files
from bemoeizorg.ui import messages, translations
from bemoeizorg.ui.jobs import JobRunner
from bemoeizorg.ui.main_window import MainWindow
from bemoeizorg.ui.register_session import RegisterSession

NO_DISPLAY = (
    "Bemoeizorg Register heeft een beeldscherm nodig, maar er is geen grafische omgeving "
    "gevonden (DISPLAY en WAYLAND_DISPLAY zijn niet gezet): start het programma vanaf het "
    "bureaublad, of gebruik de opdrachten die bemoeizorg --help toont."
)
# Platforms that draw without a display server (tests, kiosk set-ups).
SCREENLESS_PLATFORMS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb", "vkkhrdisplay")


def display_problem(env: Mapping[str, str] | None = None) -> str | None:
    """Why the windows cannot start here, in Dutch, or None. Qt itself would print English
    xcb messages and abort (exit 134); this is said first, in one sentence."""
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform.split(":")[0] in SCREENLESS_PLATFORMS:
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return NO_DISPLAY


def window_settings() -> QSettings:
    """Geometry only; kept beside the typed device settings, never case data."""
    return QSettings(str(config_dir() / "venster.ini"), QSettings.Format.IniFormat)


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    # A bug must not show a traceback to a user, nor write case data anywhere.
    logging.getLogger("bemoeizorg").error("unhandled: %s", kind.__name__)
    messages.error(None, messages.dutch_error_text(exc))


def build_main_window(*, inline_jobs: bool = False) -> MainWindow:
    runner = JobRunner(inline=inline_jobs)
    session = RegisterSession(runner)
    return MainWindow(session, window_settings())


def run_gui() -> int:
    problem = display_problem()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("Bemoeizorg")
    app.setDesktopFileName("nl.bemoeizorg.Register")
    translations.install_dutch(app)
    for folder in (config_dir(), data_dir()):
        sweep_temp_files(folder)
    sys.excepthook = _excepthook
    window = build_main_window()
    window.show()
    return int(app.exec())
