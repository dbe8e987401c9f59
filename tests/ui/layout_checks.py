"""What a user sees cut off: a label whose text does not fit its rectangle, a list or table
with a horizontal scrollbar. Measured the way the label draws: plain text through its font
metrics (word-wrapped when the label wraps), rich text through a text document."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import Qt as GuiQt  # Qt.mightBeRichText lives in QtGui's Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QWidget


def _needed(label: QLabel, rect: QRect) -> tuple[int, int]:
    """(width, height) the label's text needs in `rect`."""
    text = label.text()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    )
    if rich:
        document = QTextDocument()
        document.setDocumentMargin(0)  # as QLabel's own document
        document.setDefaultFont(label.font())
        document.setHtml(text)
        if label.wordWrap():
            document.setTextWidth(rect.width())
        size = document.size()
        return int(document.idealWidth() + 0.999), int(size.height() + 0.999)
    flags = int(label.alignment())
    if label.wordWrap():
        flags |= int(Qt.TextFlag.TextWordWrap)
    bounds = label.fontMetrics().boundingRect(rect, flags, text)
    return bounds.width(), bounds.height()


def clipped_labels(root: QWidget) -> list[str]:
    """Each visible label under `root` whose text is larger than its contents rectangle."""
    problems = []
    for label in root.findChildren(QLabel):
        if not label.isVisibleTo(root) or not label.text() or label.pixmap().width() > 0:
            continue
        label.ensurePolished()  # style-sheet font sizes apply from here
        margin = label.margin()
        rect = label.contentsRect().adjusted(margin, margin, -margin, -margin)
        width, height = _needed(label, rect)
        if width > rect.width() + 1 or height > rect.height() + 1:
            problems.append(
                f"{label.text()[:50]!r}: needs {width}x{height}, has {rect.width()}x{rect.height()}"
            )
    return problems


def horizontal_scrollbars(root: QWidget) -> list[str]:
    """Each visible list, table or scroll area under `root` showing a horizontal scrollbar."""
    return [
        f"{type(area).__name__} {area.objectName()!r}"
        for area in root.findChildren(QAbstractScrollArea)
        if area.isVisibleTo(root) and area.horizontalScrollBar().isVisibleTo(root)
    ]
