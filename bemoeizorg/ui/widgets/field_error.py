"""The red sentence under a form field that says what is wrong with it, and the field and
its sentence as one form row."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

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


def with_error(field: QWidget | QHBoxLayout, error: FieldError) -> QWidget:
    """A field and its error sentence as one form row, so the label stays beside it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    if isinstance(field, QHBoxLayout):
        layout.addLayout(field)
    else:
        layout.addWidget(field)
    layout.addWidget(error)
    return box
