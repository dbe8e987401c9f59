"""The frame of a dialog around a new passphrase typed twice (add a user, change one's own
passphrase): a note, the form with the passphrase rows last, a red line for what was
refused, and the dialog's own accept button beside Annuleren.

The work runs on the worker with the dialog disabled; when it is done the log view hears of
it and the dialog closes, and a failure is said, in Dutch, in the red line. The subclass
adds its rows to `form`, then calls `passphrase.add_to(form)`, and gives `start()`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from bemoeizorg.store.register import Register
from bemoeizorg.ui import messages, style
from bemoeizorg.ui.register_session import RegisterSession, Topic
from bemoeizorg.ui.widgets.passphrase_fields import PassphraseFields


class PassphraseDialog(QDialog):
    def __init__(
        self,
        session: RegisterSession,
        title: str,
        *,
        note: str,
        accept_text: str,
        passphrase_label: str = "Wachtwoordzin",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._session = session
        note_label = QLabel(note)
        note_label.setWordWrap(True)
        self.passphrase = PassphraseFields(passphrase_label, self)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(style.error_text())
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Annuleren", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note_label)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def start(self) -> None:
        """Check what can be seen here, then `run` the work."""
        raise NotImplementedError

    def run(self, job: Callable[[Register], Any]) -> None:
        self.setEnabled(False)
        self._session.call(job, self._done, self._failed)

    def _done(self, _result: object) -> None:
        if not isValid(self):
            return  # the lock closed the dialog while the worker was busy
        self.setEnabled(True)
        self._session.data_changed.emit(Topic.LOG)  # users and passphrases are logged only
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        self.setEnabled(True)
        self.error_label.setText(messages.dutch_error_text(exc))
