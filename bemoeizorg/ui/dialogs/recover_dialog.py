"""Herstelcode gebruiken: regain access and choose a new passphrase at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from bemoeizorg.store.register import Register
from bemoeizorg.ui.dialogs.passphrase_dialog import PassphraseDialog
from bemoeizorg.ui.jobs import JobRunner

NOTE = (
    "Typ de herstelcode van het papier (hoofdletters, spaties en streepjes maken niet uit) "
    "en kies een nieuwe wachtwoordzin."
)


class RecoverDialog(PassphraseDialog):
    def __init__(
        self, runner: JobRunner, path: Path, users: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(
            "Herstelcode gebruiken",
            note=NOTE,
            accept_text="Herstellen en openen",
            passphrase_label="Nieuwe wachtwoordzin",
            min_width=600,
            parent=parent,
        )
        self._runner = runner
        self._path = path
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.user_combo = QComboBox()
        self.user_combo.addItems(users)
        self.form.addRow("Herstelcode", self.code_edit)
        self.form.addRow("Gebruiker", self.user_combo)
        self.add_passphrase_rows()
        self.code_edit.textChanged.connect(self._update)
        self.user_combo.currentTextChanged.connect(self._update)
        self.passphrase.validity_changed.connect(self._update)
        self._update()

    @property
    def recovered(self) -> Register | None:
        """The register, unlocked with the new passphrase."""
        return self.opened.register if self.opened else None

    def _update(self) -> None:
        self.passphrase.set_context(self.user_combo.currentText())
        self.ok_button.setEnabled(
            len("".join(c for c in self.code_edit.text() if c.isalnum())) >= 30
            and self.passphrase.is_valid()
        )

    def start(self) -> None:
        code, user = self.code_edit.text(), self.user_combo.currentText()
        passphrase, path = self.passphrase.passphrase(), self._path
        self.open_with(self._runner, lambda: Register.recover(path, code, user, passphrase))
