"""The top of the case view: who, which case, where, who holds it, how far along, open or
closed, and the concerns of its reports. The buttons that change the phase, the case owner
and open/closed sit beside what they change, the person card's beside the name; the case
view connects them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework.cases import CaseHeader
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.vocabulary import Concern
from bemoeizorg.ui import style

ALIAS = "“{alias}”"
CASE_NUMBER = "Casus {number}"
NO_OWNER = "nog niet gekozen"
CHANGE_OWNER = "Wij&zigen…"
CHOOSE_OWNER = "Kie&zen…"
DAYS_ONE = "1 dag in deze fase"
DAYS = "{days} dagen in deze fase"
DAYS_NONE = "sinds vandaag in deze fase"
OPEN = "Open sinds {date}"
CLOSED = "Afgesloten op {date}: {outcome}"
NO_CONCERNS = "geen"
PERSON_CARD = "&Persoonskaart…"
PERSON_CARD_TIP = (
    "Naam, geboortedatum, adres en BSN inzien of corrigeren; alle casussen en meldingen"
)


def days_in_phase_text(days: int) -> str:
    if days <= 0:
        return DAYS_NONE
    return DAYS_ONE if days == 1 else DAYS.format(days=days)


def _value_label(object_name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _caption(text: str) -> QLabel:
    caption = QLabel(text)
    caption.setStyleSheet(style.muted_text())
    return caption


def _dot() -> QLabel:
    dot = QLabel("·")
    dot.setStyleSheet(style.muted_text())
    return dot


def _row(*widgets: QWidget) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(8)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return box


class CaseHeaderWidget(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case_header")
        self.name_label = _value_label("case_name")
        self.name_label.setStyleSheet(style.title(style.NAME_SIZE))
        self.alias_label = _value_label("case_alias")
        self.alias_label.setStyleSheet(style.sized_text(style.HEADER_SIZE))
        self.number_label = _value_label("case_number")
        self.status_label = _value_label("case_status")
        self.phase_label = _value_label("case_phase")
        self.phase_label.setStyleSheet(style.phase_badge())
        self.days_label = _value_label("case_days")
        self.municipality_label = _value_label("case_municipality")
        self.owner_label = _value_label("case_owner")
        self.specialism_label = _value_label("case_specialism")
        self.concerns_label = _value_label("case_concerns")
        self.concerns_label.setWordWrap(True)
        self.phase_button = QPushButton("&Fase wijzigen…")
        self.owner_button = QPushButton(CHANGE_OWNER)
        self.owner_button.setObjectName("owner_button")
        self.owner_button.setToolTip("Dossierhouder wijzigen")
        self.close_button = QPushButton("&Afsluiten…")
        self.close_button.setToolTip("Casus afsluiten met een uitkomst")
        self.reopen_button = QPushButton("H&eropenen…")
        self.person_button = QPushButton(PERSON_CARD)
        self.person_button.setObjectName("person_card_button")
        self.person_button.setToolTip(PERSON_CARD_TIP)

        title = QHBoxLayout()
        title.setSpacing(10)
        title.addWidget(self.name_label)
        title.addWidget(self.alias_label)
        title.addWidget(self.person_button)
        title.addStretch(1)
        title.addWidget(self.status_label)
        title.addWidget(self.close_button)
        title.addWidget(self.reopen_button)

        # Which case, where, for whom: quiet, under the name.
        meta = QHBoxLayout()
        meta.setSpacing(8)
        for index, label in enumerate(
            (self.number_label, self.municipality_label, self.specialism_label)
        ):
            label.setStyleSheet(style.muted_text())
            if index:
                meta.addWidget(_dot())
            meta.addWidget(label)
        meta.addStretch(1)

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        pairs = (
            ("Fase", _row(self.phase_label, self.days_label, self.phase_button)),
            ("Dossierhouder", _row(self.owner_label, self.owner_button)),
        )
        for column, (text, widget) in enumerate(pairs):
            grid.addWidget(_caption(text), 0, column * 2)
            grid.addWidget(widget, 0, column * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.addWidget(_caption("Zorgen"), 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.concerns_label, 1, 1, 1, 3)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(4)
        layout.addLayout(title)
        layout.addLayout(meta)
        layout.addLayout(grid)

    def show_header(self, header: CaseHeader, concerns: list[Concern], today: date) -> None:
        self.name_label.setText(header.name or header.alias)
        alias_shown = bool(header.alias) and header.alias != header.name
        self.alias_label.setText(ALIAS.format(alias=header.alias) if alias_shown else "")
        self.alias_label.setVisible(alias_shown)
        self.number_label.setText(CASE_NUMBER.format(number=header.number))
        self.phase_label.setText(header.phase.label)
        self.days_label.setText(days_in_phase_text(header.days_in_phase(today)))
        self.days_label.setVisible(header.is_open)
        self.municipality_label.setText(header.municipality)
        self.owner_label.setText(header.owner or NO_OWNER)
        self.owner_button.setText(CHANGE_OWNER if header.owner else CHOOSE_OWNER)
        self.specialism_label.setText(header.specialism.label)
        self.concerns_label.setText(", ".join(c.label for c in concerns) or NO_CONCERNS)
        if header.is_open:
            self.status_label.setText(OPEN.format(date=date_text(header.opened_on)))
            self.status_label.setStyleSheet(style.open_badge())
        else:
            assert header.closed_on is not None
            outcome = header.outcome.label.lower() if header.outcome else "?"
            self.status_label.setText(
                CLOSED.format(date=date_text(header.closed_on), outcome=outcome)
            )
            self.status_label.setStyleSheet(style.closed_badge())

    def clear(self) -> None:
        for label in (
            self.name_label,
            self.alias_label,
            self.number_label,
            self.status_label,
            self.phase_label,
            self.days_label,
            self.municipality_label,
            self.owner_label,
            self.specialism_label,
            self.concerns_label,
        ):
            label.clear()
        self.status_label.setStyleSheet("")
