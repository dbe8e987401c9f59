"""Gebruiker toevoegen: a colleague gets their own name and passphrase for this register.

Only a teamleider adds users (the store refuses anyone else). The dialog asks the register
for the acting user's role first: until it knows it is a teamleider, it offers only the
role Bemoeizorger and cannot be accepted; a bemoeizorger sees why.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget
from shiboken6 import isValid

from bemoeizorg.casework.team_policy import ADD_USERS
from bemoeizorg.domain.people import Role
from bemoeizorg.ui import messages
from bemoeizorg.ui.dialogs.passphrase_dialog import PassphraseDialog
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.teamleider_only import allow, is_lead, reason_label, show_reason

ADDED = "{name} is toegevoegd als {role} en kan het register nu openen met de eigen wachtwoordzin."
NOTE = (
    "De nieuwe gebruiker typt hier zelf een eigen wachtwoordzin. Het register wordt "
    "daarvoor niet opnieuw versleuteld."
)
NOTE_SERVER = (
    "De nieuwe gebruiker typt hier zelf een eigen wachtwoord en opent het teamregister "
    "daarmee. De server bewaart alleen een controlewaarde ervan (SCRAM), nooit het "
    "wachtwoord zelf."
)


class AddUserDialog(PassphraseDialog):
    def __init__(self, session: RegisterSession, parent: QWidget | None = None) -> None:
        super().__init__(
            "Gebruiker toevoegen",
            note=NOTE_SERVER if session.on_server else NOTE,
            accept_text="Toevoegen",
            parent=parent,
        )
        self._session = session
        self._lead = False
        self.name_edit = QLineEdit()
        self.role_combo = QComboBox()
        self.role_combo.addItem(Role.BEMOEIZORGER.label, Role.BEMOEIZORGER)
        self.reason = reason_label(ADD_USERS)
        self.form.addRow("Naam", self.name_edit)
        self.form.addRow("Rol", self.role_combo)
        self.form.addRow(self.reason)
        self.add_passphrase_rows()
        self.name_edit.textChanged.connect(self._update)
        self.passphrase.validity_changed.connect(self._update)
        self._update()
        session.call(lambda r: r.role(), self._role_known)
        self.added_text = ""
        # Said in the main window once the dialog is gone: a closing dialog alone does not
        # tell that the user was added.
        window = parent.window() if parent is not None else None
        self.accepted.connect(lambda: messages.notice(window, self.added_text))

    def _role_known(self, role: Role) -> None:
        if not isValid(self):
            return
        self._lead = is_lead(role)
        if self._lead and self.role_combo.findData(Role.TEAMLEIDER) < 0:
            self.role_combo.addItem(Role.TEAMLEIDER.label, Role.TEAMLEIDER)
        for widget in (self.name_edit, self.role_combo):
            allow(widget, self._lead, ADD_USERS)
        show_reason(self.reason, self._lead)
        self._update()

    def _update(self) -> None:
        self.passphrase.set_context(self.name_edit.text())
        self.ok_button.setEnabled(
            self._lead and bool(self.name_edit.text().strip()) and self.passphrase.is_valid()
        )

    def start(self) -> None:
        if not self.ok_button.isEnabled():
            return
        name = self.name_edit.text()
        role = Role(self.role_combo.currentData())
        passphrase = self.passphrase.passphrase()
        self.added_text = ADDED.format(name=name.strip(), role=role.label.lower())
        self.run(self._session, lambda r: r.add_user(name, role, passphrase))
