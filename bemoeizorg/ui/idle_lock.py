"""Locks after a period without keyboard or mouse input, also while a dialog is open,
and on the lock key (Ctrl+L) pressed in any window.

The filter sits on the application, so input in any window (a modal dialog too) counts.
The lock key needs it too: Qt does not fire the main window's shortcut while a modal
dialog blocks that window, and a worker halfway through a melding must still lock at once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence

_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatcher(QObject):
    idle = Signal()
    lock_key_pressed = Signal()

    def __init__(self, parent: QObject | None = None, lock_key: str = "Ctrl+L") -> None:
        super().__init__(parent)
        self._lock_key = QKeySequence(lock_key)
        self._watching = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)

    def set_timeout_ms(self, msecs: int) -> None:
        self._timer.setInterval(msecs)
        if self._timer.isActive():
            self._timer.start()

    def start(self) -> None:
        self._watching = True
        self._timer.start()

    def stop(self) -> None:
        self._watching = False
        self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT and self._timer.isActive():
            self._timer.start()
        if (
            self._watching
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and QKeySequence(event.keyCombination()) == self._lock_key
        ):
            self.lock_key_pressed.emit()
            return True  # only reached when no shortcut took it: a modal dialog is open
        return False
