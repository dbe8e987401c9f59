"""Wachtwoordzin wijzigen: the current one, then the new one twice."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.ui import messages, style
from bemoeizorg.ui.register_session import RegisterSession, Topic
from bemoeizorg.ui.widgets.passphrase_fields import PassphraseFields


class ChangePassphraseDialog(QDialog):
    def __init__(self, session: RegisterSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Wachtwoordzin wijzigen")
        self._session = session
        self.current_edit = QLineEdit()
        self.current_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.current_edit.setObjectName("current")
        self.new_fields = PassphraseFields("Nieuwe wachtwoordzin", self)
        self.new_fields.set_context(session.user or "")
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(style.error_text())
        note = QLabel(
            "Alleen uw eigen toegang verandert; de gegevens in het register blijven zoals ze zijn."
        )
        note.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Huidige wachtwoordzin", self.current_edit)
        self.new_fields.add_to(form)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            "Wijzigen", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton("Annuleren", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.new_fields.validity_changed.connect(self.save_button.setEnabled)
        self.save_button.setEnabled(False)

    def _save(self) -> None:
        problem = self.new_fields.problem()
        if problem:
            self.error_label.setText(problem)
            return
        old, new = self.current_edit.text(), self.new_fields.passphrase()
        self.setEnabled(False)
        self._session.call(lambda r: r.change_passphrase(old, new), self._done, self._failed)

    def _done(self, _result: object) -> None:
        self.setEnabled(True)
        self._session.data_changed.emit(Topic.LOG)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        self.error_label.setText(messages.dutch_error_text(exc))
