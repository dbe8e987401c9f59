"""A new passphrase, typed twice, with its strength shown while typing."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QWidget,
)

from bemoeizorg.domain.passphrase_policy import Strength, assess
from bemoeizorg.ui import style


class PassphraseFields(QObject):
    """Owns the rows; `add_to(form)` puts them in the dialog's own form so labels align."""

    validity_changed = Signal(bool)

    def __init__(self, label: str = "Wachtwoordzin", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._label = label
        self._context: tuple[str, ...] = ()
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setObjectName("passphrase")
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setObjectName("passphrase_repeat")
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        # The word goes beside the bar, not on it: black on the dark green chunk was
        # unreadable, and half on the chunk, half off it no single colour reads well.
        self.meter.setTextVisible(False)
        self.meter.setFormat("")
        self.meter.setMaximumHeight(14)
        self.strength_label = QLabel()
        self.strength_label.setObjectName("passphrase_strength")
        self.strength_label.setMinimumWidth(90)
        self.meter_row = QWidget()
        row = QHBoxLayout(self.meter_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.meter, 1)
        row.addWidget(self.strength_label)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setObjectName("passphrase_reason")
        self.hint = QLabel(
            "Tip: een zin van vier of meer gewone woorden is sterk en goed te onthouden."
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(style.faint_text())
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self._valid = False
        self._update()

    def add_to(self, form: QFormLayout) -> None:
        form.addRow(self._label, self.first)
        form.addRow("Nogmaals", self.second)
        form.addRow("Sterkte", self.meter_row)
        form.addRow("", self.reason)
        form.addRow("", self.hint)

    def set_context(self, *words: str) -> None:
        """Words a guesser would try first (the user's and the register's name)."""
        self._context = tuple(w for w in words if w)
        self._update()

    def strength(self) -> Strength:
        return assess(self.first.text(), self._context)

    def passphrase(self) -> str:
        return self.first.text()

    def is_valid(self) -> bool:
        return self._valid

    def problem(self) -> str:
        """The Dutch reason the passphrase cannot be used yet, or empty."""
        strength = self.strength()
        if not strength.acceptable:
            return strength.reason
        if self.second.text() != self.first.text():
            return "De twee wachtwoordzinnen zijn niet gelijk."
        return ""

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()

    def _update(self) -> None:
        strength = self.strength()
        self.meter.setValue(strength.score)
        self.meter.setFormat(strength.label if self.first.text() else "")  # for screen readers
        self.meter.setStyleSheet(style.meter_chunk(style.STRENGTH[strength.score]))
        self.strength_label.setText(strength.label if self.first.text() else "")
        self.strength_label.setStyleSheet(style.strength_text(strength.score))
        problem = self.problem() if self.first.text() else ""
        self.reason.setText(problem)
        self.reason.setStyleSheet(style.error_text() if problem else "")
        valid = bool(self.first.text()) and not problem
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
