"""Gebruiker toevoegen: a colleague gets their own name and passphrase for this register."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.domain.people import Role
from bemoeizorg.ui import messages, style
from bemoeizorg.ui.register_session import RegisterSession, Topic
from bemoeizorg.ui.widgets.passphrase_fields import PassphraseFields


class AddUserDialog(QDialog):
    def __init__(self, session: RegisterSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Gebruiker toevoegen")
        self._session = session
        note = QLabel(
            "De nieuwe gebruiker typt hier zelf een eigen wachtwoordzin. Het register wordt "
            "daarvoor niet opnieuw versleuteld."
        )
        note.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.role_combo = QComboBox()
        for role in Role:
            self.role_combo.addItem(role.label, role)
        self.passphrase = PassphraseFields(parent=self)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(style.error_text())
        form = QFormLayout()
        form.addRow("Naam", self.name_edit)
        form.addRow("Rol", self.role_combo)
        self.passphrase.add_to(form)
        self.buttons = QDialogButtonBox()
        self.add_button = self.buttons.addButton(
            "Toevoegen", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton("Annuleren", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._add)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.name_edit.textChanged.connect(self._update)
        self.passphrase.validity_changed.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.passphrase.set_context(self.name_edit.text())
        self.add_button.setEnabled(
            bool(self.name_edit.text().strip()) and self.passphrase.is_valid()
        )

    def _add(self) -> None:
        name = self.name_edit.text()
        role = Role(self.role_combo.currentData())
        passphrase = self.passphrase.passphrase()
        self.setEnabled(False)
        self._session.call(lambda r: r.add_user(name, role, passphrase), self._done, self._failed)

    def _done(self, _result: object) -> None:
        self.setEnabled(True)
        self._session.data_changed.emit(Topic.LOG)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        self.error_label.setText(messages.dutch_error_text(exc))
