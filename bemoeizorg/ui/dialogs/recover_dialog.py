"""Herstelcode gebruiken: regain access and choose a new passphrase at once."""

from __future__ import annotations

from pathlib import Path

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

from bemoeizorg.store.register import Register
from bemoeizorg.ui import messages, style
from bemoeizorg.ui.jobs import JobRunner
from bemoeizorg.ui.register_opening import Opened, open_register
from bemoeizorg.ui.widgets.passphrase_fields import PassphraseFields


class RecoverDialog(QDialog):
    def __init__(
        self, runner: JobRunner, path: Path, users: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Herstelcode gebruiken")
        self._runner = runner
        self._path = path
        self.opened: Opened | None = None  # the register, unlocked with the new passphrase
        note = QLabel(
            "Typ de herstelcode van het papier (hoofdletters, spaties en streepjes maken niet "
            "uit) en kies een nieuwe wachtwoordzin."
        )
        note.setWordWrap(True)
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.user_combo = QComboBox()
        self.user_combo.addItems(users)
        self.passphrase = PassphraseFields("Nieuwe wachtwoordzin", self)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(style.error_text())
        form = QFormLayout()
        form.addRow("Herstelcode", self.code_edit)
        form.addRow("Gebruiker", self.user_combo)
        self.passphrase.add_to(form)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(
            "Herstellen en openen", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton("Annuleren", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._recover)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(600)
        self.code_edit.textChanged.connect(self._update)
        self.user_combo.currentTextChanged.connect(self._update)
        self.passphrase.validity_changed.connect(self._update)
        self._update()

    @property
    def recovered(self) -> Register | None:
        return self.opened.register if self.opened else None

    def _update(self) -> None:
        self.passphrase.set_context(self.user_combo.currentText())
        self.ok_button.setEnabled(
            len("".join(c for c in self.code_edit.text() if c.isalnum())) >= 30
            and self.passphrase.is_valid()
        )

    def _recover(self) -> None:
        code, user = self.code_edit.text(), self.user_combo.currentText()
        passphrase, path = self.passphrase.passphrase(), self._path
        self.setEnabled(False)
        open_register(
            self._runner,
            lambda: Register.recover(path, code, user, passphrase),
            self._done,
            self._failed,
            for_widget=self,
        )

    def _done(self, opened: Opened) -> None:
        self.setEnabled(True)
        self.opened = opened
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        self.error_label.setText(messages.dutch_error_text(exc))
