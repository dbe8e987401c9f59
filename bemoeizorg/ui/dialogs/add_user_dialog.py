"""Gebruiker toevoegen: a colleague gets their own name and passphrase for this register."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from bemoeizorg.domain.people import Role
from bemoeizorg.ui.dialogs.passphrase_dialog import PassphraseDialog
from bemoeizorg.ui.register_session import RegisterSession

NOTE = (
    "De nieuwe gebruiker typt hier zelf een eigen wachtwoordzin. Het register wordt "
    "daarvoor niet opnieuw versleuteld."
)


class AddUserDialog(PassphraseDialog):
    def __init__(self, session: RegisterSession, parent: QWidget | None = None) -> None:
        super().__init__("Gebruiker toevoegen", note=NOTE, accept_text="Toevoegen", parent=parent)
        self._session = session
        self.name_edit = QLineEdit()
        self.role_combo = QComboBox()
        for role in Role:
            self.role_combo.addItem(role.label, role)
        self.form.addRow("Naam", self.name_edit)
        self.form.addRow("Rol", self.role_combo)
        self.add_passphrase_rows()
        self.name_edit.textChanged.connect(self._update)
        self.passphrase.validity_changed.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.passphrase.set_context(self.name_edit.text())
        self.ok_button.setEnabled(
            bool(self.name_edit.text().strip()) and self.passphrase.is_valid()
        )

    def start(self) -> None:
        name = self.name_edit.text()
        role = Role(self.role_combo.currentData())
        passphrase = self.passphrase.passphrase()
        self.run(self._session, lambda r: r.add_user(name, role, passphrase))
