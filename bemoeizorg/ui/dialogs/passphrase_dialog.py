"""The frame of a dialog around a new passphrase typed twice (add a user, change one's own
passphrase, create a register, recover one with its recovery code): a note if it has one,
the form with the passphrase rows last, a red line for what was refused, and the dialog's
own accept button beside Annuleren.

The subclass adds its rows to `form`, then calls `add_passphrase_rows()`, and gives
`start()`: it checks what can be seen here, then hands the work to the worker, one of two
ways. `run(session, job)` works on the open register (users and passphrases are logged only,
so the log view hears of it); `open_with(runner, opener)` opens a register through
register_opening, and `opened` holds it once the dialog accepted. Meanwhile the dialog is
disabled; when the work is done the typed passphrase is cleared and the dialog closes, and a
failure is said, in Dutch, in the red line.
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
from bemoeizorg.ui.jobs import JobRunner
from bemoeizorg.ui.register_opening import Opened, Opener, open_register
from bemoeizorg.ui.register_session import RegisterSession, Topic
from bemoeizorg.ui.widgets.passphrase_fields import PassphraseFields


class PassphraseDialog(QDialog):
    def __init__(
        self,
        title: str,
        *,
        note: str = "",
        accept_text: str,
        passphrase_label: str = "Wachtwoordzin",
        min_width: int = 560,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.opened: Opened | None = None  # the register open_with opened
        self._note = note
        self.passphrase = PassphraseFields(passphrase_label, self)
        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(style.error_text())
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Annuleren", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(min_width)

    def add_passphrase_rows(self) -> None:
        """After the dialog's own rows: the passphrase rows, then the dialog is laid out. In
        this order, so Tab goes from the first row to the buttons, and the first row has the
        focus when the dialog opens."""
        self.passphrase.add_to(self.form)
        self.lay_out()

    def lay_out(self) -> None:
        """Note, form, red line and buttons: for a dialog whose rows are all its own."""
        layout = QVBoxLayout(self)
        if self._note:
            note = QLabel(self._note)
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def start(self) -> None:
        """Check what can be seen here, then `run` or `open_with` the work."""
        raise NotImplementedError

    def run(self, session: RegisterSession, job: Callable[[Register], Any]) -> None:
        """Work on the session's open register."""
        self._busy()
        session.call(job, lambda _result: self._logged(session), self._failed)

    def open_with(self, runner: JobRunner, opener: Opener, *, busy_text: str = "") -> None:
        """Open a register; `busy_text` says in the red line meanwhile what is going on."""
        self._busy(busy_text)
        open_register(runner, opener, self._opened, self._failed, for_widget=self)

    def _busy(self, text: str = "") -> None:
        self.setEnabled(False)
        if text:
            self.error_label.setText(text)

    def _logged(self, session: RegisterSession) -> None:
        if isValid(self):  # not when the lock closed the dialog while the worker was busy
            session.data_changed.emit(Topic.LOG)
            self._done()

    def _opened(self, opened: Opened) -> None:
        self.opened = opened
        self._done()

    def _done(self) -> None:
        self.setEnabled(True)
        self.passphrase.clear()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        self.setEnabled(True)
        self.error_label.setText(messages.dutch_error_text(exc))
