"""Starting the GUI: the application, Qt's Dutch translations, the main window."""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication

from bemoeizorg import APP_NAME
from bemoeizorg.settings import config_dir, data_dir
from bemoeizorg.store.files import sweep_temp_files
from bemoeizorg.ui import messages
from bemoeizorg.ui.jobs import JobRunner
from bemoeizorg.ui.main_window import MainWindow
from bemoeizorg.ui.register_session import RegisterSession


def install_dutch_translator(app: QApplication) -> QTranslator | None:
    """Qt's own strings (standard buttons, file dialogs) in Dutch."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Dutch), "qtbase", "_", folder):
        app.installTranslator(translator)
        return translator
    return None


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
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("Bemoeizorg")
    app.setDesktopFileName("nl.bemoeizorg.Register")
    install_dutch_translator(app)
    for folder in (config_dir(), data_dir()):
        sweep_temp_files(folder)
    sys.excepthook = _excepthook
    window = build_main_window()
    window.show()
    return int(app.exec())
