"""Identifying text copied from the program does not linger on the clipboard.

When text is copied while one of the program's windows has focus, the guard remembers it
and clears the clipboard some seconds later, and at once when the register locks, but only
if the clipboard still holds exactly that text: what the user copied elsewhere since then
is left alone.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication

CLEAR_AFTER_MS = 30_000


def _digest(text: str) -> bytes:
    # Only a digest is kept: the guard itself holds no copy of the text.
    return hashlib.sha256(text.encode("utf-8")).digest()


class ClipboardGuard(QObject):
    def __init__(self, parent: QObject | None = None, clear_after_ms: int = CLEAR_AFTER_MS) -> None:
        super().__init__(parent)
        self._ours: bytes | None = None
        self._clearing = False
        self.timer = QTimer(self, singleShot=True, interval=clear_after_ms)
        self.timer.timeout.connect(self.clear_if_ours)
        self._clipboard().dataChanged.connect(self._changed)

    @staticmethod
    def _clipboard() -> QClipboard:
        return QGuiApplication.clipboard()

    def _copied_here(self) -> bool:
        """The copy came from one of our windows: it has the focus (or owns the data)."""
        clipboard = self._clipboard()
        if clipboard.supportsSelection() and clipboard.ownsClipboard():
            return True
        return QApplication.activeWindow() is not None and QApplication.focusWidget() is not None

    def _changed(self) -> None:
        if self._clearing:
            return
        text = self._clipboard().text()
        if text and self._copied_here():
            self._ours = _digest(text)
            self.timer.start()
        else:
            self._ours = None  # copied elsewhere: not ours to clear
            self.timer.stop()

    @property
    def holds_ours(self) -> bool:
        return self._ours is not None and _digest(self._clipboard().text()) == self._ours

    def clear_if_ours(self) -> bool:
        """Clear the clipboard if it still holds what the program put there."""
        self.timer.stop()
        if not self.holds_ours:
            self._ours = None
            return False
        self._clearing = True
        try:
            self._clipboard().clear()
        finally:
            self._clearing = False
        self._ours = None
        return True
