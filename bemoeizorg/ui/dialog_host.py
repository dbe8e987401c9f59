"""The one way to show a dialog: window-modal through open(), tracked, closed on lock.

The main window owns one `DialogHost` and hands it to the views that open dialogs. `open()`
never starts a nested event loop, so the idle lock, the worker's answers and tests go on
while a dialog is shown; the caller reacts to `accepted`/`finished` instead of waiting.

On lock `close_all()` closes every dialog, newest first, through `close_for_lock()`. A dialog
that must act differently then (keep a draft and ask nothing, close without the confirmation
it otherwise needs, skip what would come after a save) derives from `LockableDialog` and
reads `closing_for_lock` in its reject() and its callbacks; any other dialog is rejected.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from shiboken6 import isValid

from bemoeizorg.ui.register_session import RegisterSession

D = TypeVar("D", bound=QDialog)


class LockableDialog(QDialog):
    """A dialog that knows when the lock is what closes it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.closing_for_lock = False

    def close_for_lock(self) -> None:
        """Close now, asking nothing: reject() sees `closing_for_lock` and keeps a draft."""
        self.closing_for_lock = True
        self.reject()


def close_for_lock(dialog: QDialog) -> None:
    if isinstance(dialog, LockableDialog):
        dialog.close_for_lock()
    else:
        dialog.reject()


class DialogHost(QObject):
    def __init__(self, session: RegisterSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._shown: list[QDialog] = []
        # MainWindow.lock_now closes everything before the lock, so drafts still reach the
        # register. The register can also go without it (Register sluiten, a failed
        # restore, closing the program): whatever is open then closes all the same.
        session.locked.connect(self.close_all)

    def open(self, dialog: D) -> D:
        """Show window-modally and keep track of it until it finishes; then it is deleted."""
        self._shown.append(dialog)
        dialog.finished.connect(lambda _result: self._finished(dialog))
        # Deleted with its parent without finishing (a view torn down): forget it then too.
        dialog.destroyed.connect(lambda: self._forget(dialog))
        dialog.open()
        return dialog

    def _finished(self, dialog: QDialog) -> None:
        self._forget(dialog)
        dialog.deleteLater()

    def _forget(self, dialog: QDialog) -> None:
        self._shown = [shown for shown in self._shown if shown is not dialog]

    def shown_by(self, owner: QWidget, kind: type[D]) -> D | None:
        """The newest open dialog of this kind that `owner` opened (its parent)."""
        for dialog in reversed(self._shown):
            if isinstance(dialog, kind) and isValid(dialog) and dialog.parentWidget() is owner:
                return dialog
        return None

    def close_all(self) -> None:
        """On lock: every dialog goes, asking nothing. First what was opened outside the host
        (message boxes, file and print dialogs, a dialog a dialog opened): those lie on top.
        """
        hosted = list(reversed(self._shown))
        others = [
            widget
            for widget in QApplication.topLevelWidgets()
            if isinstance(widget, QDialog) and not any(widget is d for d in hosted)
        ]
        for dialog in others + hosted:
            if isValid(dialog) and dialog.isVisible():
                close_for_lock(dialog)
