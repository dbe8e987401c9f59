"""The red sentence under a form field that says what is wrong with it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from bemoeizorg.ui import style


class FieldError(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(style.error_text())
        self.hide()

    def show_problem(self, text: str | None) -> None:
        self.setText(text or "")
        # Hidden when empty, so a form without problems has no gaps between its rows.
        self.setVisible(bool(text))
