"""Starting the GUI: the application, Qt's Dutch translations, the main window."""

from __future__ import annotations

import ctypes
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
UNREACHABLE_DISPLAY = (
    "Bemoeizorg Register heeft een beeldscherm nodig, maar de grafische omgeving in DISPLAY "
    "antwoordt niet (niet gestart, afgesloten of niet toegankelijk): start het programma "
    "vanaf het bureaublad, of gebruik de opdrachten die bemoeizorg --help toont."
)
XCB_LIBRARY = "libxcb.so.1"  # what Qt's xcb platform connects through
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


def unreachable_display(env: Mapping[str, str] | None = None) -> str | None:
    """With DISPLAY set: why it cannot be used, in Dutch, or None. An X server that is not
    running (or refuses us) would make Qt abort as well; asked before Qt is."""
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux") or env.get("WAYLAND_DISPLAY"):
        return None  # Qt may choose Wayland then: whether it answers is Qt's to find out
    if env.get("QT_QPA_PLATFORM", "") not in ("", "xcb"):
        return None
    display = env.get("DISPLAY", "")
    if display and not x_display_answers(display):
        return UNREACHABLE_DISPLAY
    return None


def x_display_answers(display: str) -> bool:
    """Whether the X server named `display` accepts a connection, asked as Qt's xcb platform
    asks (xcb_connect, with its authorisation); Qt itself would abort (exit 134). True when
    libxcb cannot be loaded: then there is nothing to ask and Qt says what is wrong."""
    try:
        xcb = ctypes.CDLL(XCB_LIBRARY)
    except OSError:
        return True
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.restype = ctypes.c_int
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.restype = None
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    # Never NULL: a failed connection is an object whose has_error says so; both kinds
    # are handed back with xcb_disconnect.
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return bool(xcb.xcb_connection_has_error(connection) == 0)
    finally:
        xcb.xcb_disconnect(connection)


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
    problem = display_problem() or unreachable_display()
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
