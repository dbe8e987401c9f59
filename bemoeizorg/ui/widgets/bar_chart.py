"""A plain grouped bar chart painted with QPainter (Qt Charts is not in PySide6-Essentials):
groups along the bottom (areas), one bar per series (quarters), a legend. It draws what is
published: a withheld number (None) draws no bar."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from bemoeizorg.domain.formats import number_text
from bemoeizorg.ui import style

NOTE = 'Weggelaten cijfers (".") zijn niet getekend.'
MAX_TICK_STEPS = 5


def axis_ticks(high: int) -> list[int]:
    """Round numbers up the axis, from 0 to the first at or above `high`: a step of 1, 2 or
    5 times a power of ten, at most MAX_TICK_STEPS steps (21 gives 0, 5, 10, 15, 20, 25;
    not 0, 5, 10, 16, 21)."""
    high = max(1, high)
    power = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * power
            steps = -(-high // step)  # ceiling
            if steps <= MAX_TICK_STEPS:
                return [i * step for i in range(steps + 1)]
        power *= 10


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.groups: list[str] = []
        self.series: list[str] = []
        self.values: list[list[int | None]] = []  # [group][series]; None: hidden
        self.note = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(700, 240)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, 180)

    def set_data(
        self, groups: list[str], series: list[str], values: list[list[int | None]], note: str
    ) -> None:
        self.groups, self.series, self.values, self.note = groups, series, values, note
        self.update()

    def clear(self) -> None:
        self.set_data([], [], [], "")

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.groups:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        text_h = metrics.height()
        legend_w = max(160, max(metrics.horizontalAdvance(s) for s in self.series) + 30)
        ticks = axis_ticks(max((v or 0) for row in self.values for v in row))
        high = ticks[-1]  # the axis ends at a round number, the bars scale to it
        labels = [number_text(t) for t in ticks]
        left, top = max(metrics.horizontalAdvance(t) for t in labels) + 10, 8
        longest = max(metrics.horizontalAdvance(g) for g in self.groups)
        bottom = int(longest * 0.5 + 2 * text_h)  # room for names slanted by 30 degrees
        plot = QRectF(left, top, self.width() - left - legend_w - 12, self.height() - top - bottom)
        painter.setPen(QColor(style.CHART_AXIS))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        for value, label in zip(ticks, labels, strict=True):
            y = plot.bottom() - plot.height() * value / high
            painter.drawText(
                QRectF(0, y - text_h / 2, left - 4, text_h), Qt.AlignmentFlag.AlignRight, label
            )
        group_w = plot.width() / len(self.groups)
        bar_w = max(2.0, group_w * 0.8 / max(1, len(self.series)))
        for g, name in enumerate(self.groups):
            x0 = plot.left() + g * group_w + group_w * 0.1
            for s, count in enumerate(self.values[g]):
                if not count:
                    continue
                h = plot.height() * count / high
                painter.fillRect(
                    QRectF(x0 + s * bar_w, plot.bottom() - h, bar_w - 1, h),
                    QColor(style.series_colour(s)),
                )
            painter.save()
            painter.setPen(QColor(style.CHART_TEXT))
            painter.translate(x0 + group_w * 0.4, plot.bottom() + 4)
            painter.rotate(30)
            painter.drawText(0, text_h, name)
            painter.restore()
        x = plot.right() + 16
        for s, name in enumerate(self.series):
            y = top + s * (text_h + 4)
            painter.fillRect(QRectF(x, y + 2, 10, text_h - 4), QColor(style.series_colour(s)))
            painter.setPen(QColor(style.CHART_TEXT))
            painter.drawText(int(x + 14), int(y + text_h - 3), name)
        if self.note:
            painter.setPen(QColor(style.CHART_NOTE))
            below = top + len(self.series) * (text_h + 4) + text_h / 2
            painter.drawText(
                QRectF(x, below, legend_w - 4, 4 * text_h),
                int(Qt.TextFlag.TextWordWrap),
                self.note,
            )
        painter.end()
