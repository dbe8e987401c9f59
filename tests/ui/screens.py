"""Every main screen of the program, one after another, in a real main window: the start
screen, the unlock screen, then with a register of five cases Mijn werk, Casussen, a case,
Netwerkoverleg, Jaarcijfers, Logboek, each settings page, and the lock screen.

`walk` visits them and gives each one's name, widget, grabbed image and what is cut off.
tests/ui/test_screens.py calls it offscreen; run as a program (under `xvfb-run`, a real X
server) it writes a PNG per screen and one line per screen with what is cut off:

    xvfb-run -a -s '-screen 0 1400x900x24' python -m tests.ui.screens OUTDIR
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from bemoeizorg.settings import DeviceSettings
from bemoeizorg.ui.jobs import JobRunner
from bemoeizorg.ui.main_window import MainWindow
from bemoeizorg.ui.register_session import RegisterSession
from tests.builders import LEAD, STRONG, build_cases, new_register
from tests.ui.layout_checks import clipped_labels, horizontal_scrollbars

SIZE = (1280, 800)
SETTINGS_PAGES = (
    "Algemeen",
    "Gemeenten",
    "Aanspreekpunten",
    "Team",
    "Gebruikers",
    "Bewaartermijnen",
    "Back-ups",
)


@dataclass(frozen=True)
class Screen:
    name: str
    widget: QWidget
    image: QImage
    clipped: list[str]
    scrolled_sideways: list[str]


def _settle(app: QApplication, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def _look(app: QApplication, name: str, widget: QWidget) -> Screen:
    _settle(app)
    return Screen(
        name,
        widget,
        widget.window().grab().toImage(),
        clipped_labels(widget),
        horizontal_scrollbars(widget),
    )


def make_register(folder: Path) -> Path:
    """A register with build_cases' five cases, left locked."""
    path = folder / "team.bzregister"
    register = new_register(path)
    build_cases(register)
    register.lock()
    return path


def main_window(folder: Path) -> MainWindow:
    """A main window on its own settings, inline jobs (each screen is read when shown)."""
    session = RegisterSession(JobRunner(inline=True), DeviceSettings())
    window = MainWindow(session, QSettings(str(folder / "venster.ini"), QSettings.Format.IniFormat))
    window.resize(*SIZE)
    window.show()
    return window


def walk(window: MainWindow, register_path: Path) -> Iterator[Screen]:
    """Each screen in turn, as a user reaches it."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    yield _look(app, "start", window.start_view)
    window.open_register(register_path)
    yield _look(app, "ontgrendelen", window.unlock_view)
    window.unlock_view.user_combo.setCurrentText(LEAD)
    window.unlock_view.passphrase_edit.setText(STRONG)
    window.unlock_view.unlock_with_passphrase()
    _settle(app)
    assert window.session.is_unlocked, window.unlock_view.message.text()
    if window.drafts_dialog is not None:
        window.drafts_dialog.reject()
    tabs = window.workspace
    for index in range(tabs.count()):
        widget = tabs.widget(index)
        if widget is window.case_view:
            continue  # below, with a case in it
        tabs.setCurrentWidget(widget)
        if widget is window.settings_view:
            for page in SETTINGS_PAGES:
                window.settings_view.show_page(page)
                yield _look(app, f"instellingen-{page.lower()}", widget)
        else:
            yield _look(app, tabs.tabText(index).lower().replace(" ", "-"), widget)
    first = window.case_list_view.proxy.value_at(0)
    assert first is not None, "Casussen lists the register's cases"
    window.open_case(first.id)
    yield _look(app, "casus", window.case_view)
    window.lock_now()
    yield _look(app, "vergrendeld", window.unlock_view)
    window.session.close()


def main(out: Path) -> int:
    """Under a real X server: a PNG per screen, and a JSON line per screen with its name
    and what is cut off or scrolls sideways (tests/ui/test_screens.py reads them)."""
    from bemoeizorg.ui import translations

    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    translations.install_dutch(app)
    window = main_window(out)
    register_path = make_register(out)
    for screen in walk(window, register_path):
        screen.image.save(str(out / f"{screen.name}.png"))
        print(
            json.dumps(
                {
                    "name": screen.name,
                    "platform": app.platformName(),
                    "clipped": screen.clipped,
                    "sideways": screen.scrolled_sideways,
                }
            ),
            flush=True,
        )
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
