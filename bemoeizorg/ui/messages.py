"""Every message box goes through here, so tests can answer them without a screen.

`script()` puts this module in test mode and queues answers for the next questions
(`confirm`); in test mode every box is recorded in `shown` instead of being displayed. A
question that comes without a scripted answer raises AssertionError naming the box: a test
says yes or no on purpose, never by default. Information and error boxes take no answer.
`notice` says that something is done in the main window's status bar (recorded as kind
"notice" in test mode); a box is for what needs reading or deciding.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass

from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from bemoeizorg.store.errors import RegisterError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Shown:
    kind: str
    title: str
    text: str


_answers: deque[bool] = deque()
shown: list[Shown] = []
unanswered: list[Shown] = []  # questions asked in test mode without a scripted answer
_scripting = False


def script(*answers: bool) -> None:
    """Tests: test mode; answer the next questions with these (True = yes) in order."""
    global _scripting
    _scripting = True
    _answers.extend(answers)


def reset() -> None:
    global _scripting
    _scripting = False
    _answers.clear()
    shown.clear()
    unanswered.clear()


def _show(kind: str, parent: QWidget | None, title: str, text: str, ask: bool) -> bool:
    if _scripting:
        shown.append(Shown(kind, title, text))
        if not ask:
            return True
        if not _answers:
            unanswered.append(shown[-1])
            raise AssertionError(
                f"unscripted {kind} box {title!r} ({text!r}): answer it with messages.script()"
            )
        return _answers.popleft()
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setText(text)
    if kind == "error":
        box.setIcon(QMessageBox.Icon.Warning)
    elif ask:
        box.setIcon(QMessageBox.Icon.Question)
    else:
        box.setIcon(QMessageBox.Icon.Information)
    if ask:
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes
    box.exec()
    return True


def info(parent: QWidget | None, title: str, text: str) -> None:
    _show("info", parent, title, text, ask=False)


NOTICE_MS = 8000  # long enough to read a sentence twice


def _main_window(parent: QWidget | None) -> QMainWindow | None:
    """The main window above `parent`: dialogs sit on it, or on a dialog that does."""
    widget = parent
    while widget is not None:
        top = widget.window()
        if isinstance(top, QMainWindow):
            return top
        widget = top.parentWidget()
    return None


def notice(parent: QWidget | None, text: str) -> None:
    """Tell that something is done when nothing needs deciding: the main window's status
    bar, not a box to click away (a box only when there is no main window)."""
    window = _main_window(parent)
    if window is None:
        _show("info", parent, "Gelukt", text, ask=False)
        return
    if _scripting:
        shown.append(Shown("notice", "", text))
    window.statusBar().showMessage(text, NOTICE_MS)


def error(parent: QWidget | None, text: str, title: str = "Dat lukte niet") -> None:
    _show("error", parent, title, text, ask=False)


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    return _show("confirm", parent, title, text, ask=True)


def dutch_error_text(exc: BaseException) -> str:
    """What a user may read of an exception: our Dutch text, else a generic sentence."""
    if isinstance(exc, RegisterError):
        return exc.message
    if isinstance(exc, MemoryError):
        return "Het geheugen van de computer is vol. Sluit andere programma's en probeer opnieuw."
    # Only the type goes to the log: an exception's text could name a person.
    log.error("unexpected error: %s", type(exc).__name__)
    return (
        "Er ging iets onverwachts mis. Er is niets verloren gegaan wat al was opgeslagen. "
        f"Probeer het opnieuw; blijft het misgaan, meld dan de code {type(exc).__name__}."
    )
