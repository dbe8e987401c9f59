"""Unlock a chosen register: the screen after "Register openen" and the lock screen.

When the screen locks, this is all the window shows. A register remembered on this
computer opens with one click (or at once when it is first opened), never by itself
from the lock screen.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.store import keyring_store
from bemoeizorg.store.errors import RegisterError
from bemoeizorg.store.register import Register, RegisterInfo, peek
from bemoeizorg.ui import messages
from bemoeizorg.ui.register_session import RegisterSession


class UnlockView(QWidget):
    back_requested = Signal()
    recovery_requested = Signal()

    def __init__(self, session: RegisterSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._info: RegisterInfo | None = None
        self._locked_mode = False

        self.title = QLabel()
        self.title.setObjectName("unlock_title")
        self.title.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        self.user_combo = QComboBox()
        self.user_combo.setMinimumWidth(280)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setObjectName("passphrase")
        self.passphrase_edit.returnPressed.connect(self.unlock_with_passphrase)
        self.remember_box = QCheckBox("Onthouden op deze computer")
        self.remember_box.setToolTip(
            "De sleutelbos van het besturingssysteem bewaart een geheim waarmee u op deze "
            "computer zonder typen ontgrendelt. Alleen doen op uw eigen, beveiligde laptop."
        )
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("unlock_message")
        self.unlock_button = QPushButton("Ontgrendelen")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock_with_passphrase)
        self.device_button = QPushButton("Ontgrendelen met deze computer")
        self.device_button.clicked.connect(self.unlock_with_device)
        self.recovery_button = QPushButton("Herstelcode gebruiken…")
        self.recovery_button.setFlat(True)
        self.recovery_button.clicked.connect(self.recovery_requested)
        self.back_button = QPushButton("Ander register")
        self.back_button.setFlat(True)
        self.back_button.clicked.connect(self.back_requested)

        form = QFormLayout()
        form.addRow("Gebruiker", self.user_combo)
        form.addRow("Wachtwoordzin", self.passphrase_edit)
        form.addRow("", self.remember_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.recovery_button)
        buttons.addStretch(1)
        buttons.addWidget(self.device_button)
        buttons.addWidget(self.unlock_button)

        panel = QWidget()
        panel.setMaximumWidth(640)
        inner = QVBoxLayout(panel)
        inner.addWidget(self.title)
        inner.addWidget(self.file_label)
        inner.addSpacing(12)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    # --- showing -------------------------------------------------------------------------

    def prepare(self, path: Path, *, locked: bool) -> bool:
        """Fill the form for this register; False (with a message) if it cannot be used."""
        self._locked_mode = locked
        self.passphrase_edit.clear()
        self.message.clear()
        try:
            self._info = peek(path)
        except RegisterError as exc:
            self._info = None
            messages.error(self, exc.message)
            return False
        self.title.setText("Register vergrendeld" if locked else "Register openen")
        self.file_label.setText(f"Bestand: {path}")
        self.user_combo.clear()
        self.user_combo.addItems(self._info.users)
        last = self._session.settings.user_for(path)
        if last and last in self._info.users:
            self.user_combo.setCurrentText(last)
        remembered = bool(self._info.device_slots)
        self.device_button.setVisible(remembered)
        self.remember_box.setVisible(not remembered)
        self.remember_box.setChecked(False)
        self.recovery_button.setVisible(self._info.has_recovery)
        self.back_button.setText("Register sluiten" if locked else "Ander register")
        self.passphrase_edit.setFocus()
        return True

    def users(self) -> list[str]:
        return list(self._info.users) if self._info else []

    def try_remembered(self) -> None:
        """Called when a register is first opened (not from the lock screen)."""
        if self._info is not None and self._info.device_slots and not self._locked_mode:
            self.unlock_with_device()

    def _show_message(self, text: str, *, problem: bool = True) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b3261e;" if problem else "color: palette(text);")

    def _busy(self, busy: bool, text: str = "") -> None:
        for widget in (self.unlock_button, self.device_button, self.passphrase_edit):
            widget.setEnabled(not busy)
        if busy:
            self._show_message(text, problem=False)

    # --- unlocking -----------------------------------------------------------------------

    def unlock_with_passphrase(self) -> None:
        if self._info is None:
            return
        user = self.user_combo.currentText()
        passphrase = self.passphrase_edit.text()
        if not passphrase:
            self._show_message("Typ uw wachtwoordzin.")
            return
        path = self._info.path
        remember = self.remember_box.isVisible() and self.remember_box.isChecked()
        self._busy(True, "Bezig met ontgrendelen…")
        self._session.runner.submit(
            lambda: Register.unlock(path, user, passphrase),
            lambda register: self._unlocked(register, remember),
            self._failed,
        )

    def unlock_with_device(self) -> None:
        if self._info is None:
            return
        path = self._info.path
        self._busy(True, "Bezig met ontgrendelen via de sleutelbos van deze computer…")
        self._session.runner.submit(
            lambda: keyring_store.unlock_remembered(path), self._device_result, self._keyring_failed
        )

    def _device_result(self, register: Register | None) -> None:
        if register is None:
            self._busy(False)
            self._show_message(
                "Deze computer kent de sleutel van dit register niet (meer). Typ uw wachtwoordzin."
            )
            self.passphrase_edit.setFocus()
            return
        self._unlocked(register, remember=False)

    def _keyring_failed(self, exc: BaseException) -> None:
        self._busy(False)
        self._show_message(messages.dutch_error_text(exc))
        self.passphrase_edit.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.passphrase_edit.selectAll()
        self.passphrase_edit.setFocus()
        self._show_message(messages.dutch_error_text(exc))

    def _unlocked(self, register: Register, remember: bool) -> None:
        self._busy(False)
        self.passphrase_edit.clear()
        self.message.clear()
        self._session.runner.submit(
            register.name, lambda name: self._adopt(register, str(name), remember), self._failed
        )

    def _adopt(self, register: Register, name: str, remember: bool) -> None:
        self._session.adopt(register, name)
        if remember:
            self._session.call(keyring_store.remember, None, self._remember_failed)

    def _remember_failed(self, exc: BaseException) -> None:
        messages.info(
            self.window(),
            "Niet onthouden",
            messages.dutch_error_text(exc) + " Het register is wel geopend.",
        )
