"""ZRM over time: the twelve life domains as rows, each scoring date as a column, the newest
first (as on the timeline, and always in sight without scrolling).

The columns depend on the case (one per date it was scored), so this is the one model
without a column enum; rows, roles and the colours follow the other models.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.vocabulary import ZRM_SCORE_LABELS, ZrmDomain
from bemoeizorg.ui import style
from bemoeizorg.ui.models.row_table import OBJECT_ROLE, SORT_ROLE, Index

DOMAINS = tuple(ZrmDomain)
DOMAIN_HEADER = "Leefgebied"
NOT_SCORED = "Niet gescoord op {date}"
# (background, text) per score: 1-2 red, 3 amber, 4-5 green.
RED, AMBER, GREEN = style.ZRM_RED, style.ZRM_AMBER, style.ZRM_GREEN
SCORE_COLOURS = {1: RED, 2: RED, 3: AMBER, 4: GREEN, 5: GREEN}


class ZrmHistoryModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._dates: list[date] = []
        self._scores: dict[date, dict[ZrmDomain, int]] = {}

    def set_history(self, history: dict[date, dict[ZrmDomain, int]]) -> None:
        self.beginResetModel()
        self._dates = sorted(history, reverse=True)
        self._scores = {day: dict(history[day]) for day in self._dates}
        self.endResetModel()

    def clear(self) -> None:
        self.set_history({})

    def dates(self) -> list[date]:
        return list(self._dates)

    def score(self, domain: ZrmDomain, day: date) -> int | None:
        return self._scores.get(day, {}).get(domain)

    # --- Qt ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(DOMAINS)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1 + len(self._dates)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return DOMAIN_HEADER
        if 1 <= section <= len(self._dates):
            return date_text(self._dates[section - 1])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(DOMAINS):
            return None
        if not 0 <= index.column() <= len(self._dates):
            return None
        domain = DOMAINS[index.row()]
        if index.column() == 0:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return domain.label
            if role == SORT_ROLE:
                return index.row()
            if role == OBJECT_ROLE:
                return domain
            return None
        day = self._dates[index.column() - 1]
        score = self.score(domain, day)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if score is None else str(score)
        if role == SORT_ROLE:
            return 0 if score is None else score
        if role == OBJECT_ROLE:
            return domain
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if score is None:
                return NOT_SCORED.format(date=date_text(day))
            return ZRM_SCORE_LABELS[score]
        if score is not None and role in (
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            background, text = SCORE_COLOURS[score]
            colour = background if role == Qt.ItemDataRole.BackgroundRole else text
            return QBrush(QColor(colour))
        return None
