"""A confirmation for work that gives the register a new key (removing a user, forgetting
this computer): what will happen in plain words, the warning about older back-ups with the
offer of a fresh one (ui/rekey_follow_up), and the work on the worker while the dialog
says it is busy. A refusal is said in the red line and the dialog stays; nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget
from shiboken6 import isValid

from bemoeizorg.store.register import Register
from bemoeizorg.ui import messages, style
from bemoeizorg.ui.register_session import RegisterSession, Topic
from bemoeizorg.ui.rekey_follow_up import BUSY, FollowUp, FollowUpBox, Rekeyed, rekeying, tell


class RekeyDialog(QDialog):
    def __init__(
        self,
        session: RegisterSession,
        *,
        title: str,
        text: str,
        accept_text: str,
        change: Callable[[Register], object],
        done_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._session = session
        self._change = change
        self._done_text = done_text
        self.rekeyed: Rekeyed | None = None
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.follow_up_box = FollowUpBox(session, self)
        self.progress = QLabel()
        self.progress.setWordWrap(True)
        self.progress.setStyleSheet(style.muted_text())
        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(style.error_text())
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Annuleren", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.text, self.follow_up_box, self.progress, self.error_label):
            layout.addWidget(widget)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def start(self) -> None:
        follow = self.follow_up_box.follow_up()
        self.setEnabled(False)
        self.error_label.clear()
        self.progress.setText(BUSY)
        session = self._session

        def done(rekeyed: Rekeyed) -> None:
            # Told even when the lock closed the dialog meanwhile: the change was made.
            session.data_changed.emit(Topic.LOG)  # users, slots and the back-up are logged
            if rekeyed.made is not None:
                session.data_changed.emit(Topic.BACKUPS)
            if isValid(self):
                self._done(rekeyed, follow)

        session.call(rekeying(self._change, follow), done, self._failed)

    def _done(self, rekeyed: Rekeyed, follow: FollowUp) -> None:
        self.rekeyed = rekeyed
        self.setEnabled(True)
        self.progress.clear()
        tell(self, self.windowTitle(), self._done_text, rekeyed, follow)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        self.setEnabled(True)
        self.progress.clear()
        self.error_label.setText(messages.dutch_error_text(exc))
