"""Wachtwoordzin wijzigen: the current one, then the new one twice."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from bemoeizorg.ui.dialogs.passphrase_dialog import PassphraseDialog
from bemoeizorg.ui.register_session import RegisterSession

NOTE = "Alleen uw eigen toegang verandert; de gegevens in het register blijven zoals ze zijn."


class ChangePassphraseDialog(PassphraseDialog):
    def __init__(self, session: RegisterSession, parent: QWidget | None = None) -> None:
        super().__init__(
            "Wachtwoordzin wijzigen",
            note=NOTE,
            accept_text="Wijzigen",
            passphrase_label="Nieuwe wachtwoordzin",
            parent=parent,
        )
        self._session = session
        self.current_edit = QLineEdit()
        self.current_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.current_edit.setObjectName("current")
        self.passphrase.set_context(session.user or "")
        self.form.addRow("Huidige wachtwoordzin", self.current_edit)
        self.add_passphrase_rows()
        self.passphrase.validity_changed.connect(self.ok_button.setEnabled)
        self.ok_button.setEnabled(False)

    def start(self) -> None:
        problem = self.passphrase.problem()
        if problem:
            self.error_label.setText(problem)
            return
        old, new = self.current_edit.text(), self.passphrase.passphrase()
        self.run(self._session, lambda r: r.change_passphrase(old, new))
