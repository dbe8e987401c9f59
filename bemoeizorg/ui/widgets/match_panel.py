"""Mogelijke overeenkomsten: persons already in the register who may be the one typed.

The intake form fills it while the worker types; choosing one (double click, Enter or the
button) emits `chosen` with the PersonMatch. A person with the typed BSN is selected and the
hint says to choose them: the register refuses a second person with that BSN.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework.intake import BSN_TAKEN
from bemoeizorg.casework.persons import SAME_BSN, PersonMatch

EMPTY_HINT = "Typ een achternaam, roepnaam, geboortedatum of BSN: het register zoekt mee."
BORN = "geb. {born}"
WHY = "    Overeenkomst: {reasons}"
OPEN_CASE = "  ·  open casus {number}"
SOME_FOUND = "Is het een van deze personen? Kies die dan."
# A person is in the register once: the one with this BSN is selected, ready to choose.
BSN_IN_REGISTER = BSN_TAKEN
NONE_FOUND = "Niemand in het register lijkt op deze persoon: het wordt een nieuwe persoon."


def match_text(match: PersonMatch) -> str:
    """Two lines: who (born, where, open case), then why the register thinks it is alike."""
    facts = [match.name]
    if match.born_text:
        facts.append(BORN.format(born=match.born_text))
    if match.municipality:
        facts.append(match.municipality)
    first = ", ".join(facts)
    if match.open_case_number:
        first += OPEN_CASE.format(number=match.open_case_number)
    return first + "\n" + WHY.format(reasons=", ".join(match.reasons))


class MatchPanel(QGroupBox):
    chosen = Signal(object)  # PersonMatch

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Mogelijke overeenkomsten", parent)
        self.list = QListWidget()
        self.list.setObjectName("match_list")
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setMinimumHeight(120)
        self.hint = QLabel(EMPTY_HINT)
        self.hint.setWordWrap(True)
        self.hint.setObjectName("match_hint")
        self.choose_button = QPushButton("Deze persoon kiezen")
        self.choose_button.setAutoDefault(False)
        self.choose_button.setEnabled(False)
        self.choose_button.setToolTip(
            "De melding gaat over deze persoon; heeft die een open casus, dan komt de melding "
            "daarbij."
        )

        buttons = QHBoxLayout()
        buttons.addWidget(self.hint, 1)
        buttons.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

        self.list.itemActivated.connect(self._activated)
        self.list.currentRowChanged.connect(
            lambda row: self.choose_button.setEnabled(row >= 0 and self.list.isEnabled())
        )
        self.choose_button.clicked.connect(self._choose_current)

    def matches(self) -> list[PersonMatch]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def show_matches(self, matches: list[PersonMatch], searched: bool = True) -> None:
        self.list.clear()
        for match in matches:
            item = QListWidgetItem(match_text(match))
            item.setData(Qt.ItemDataRole.UserRole, match)
            self.list.addItem(item)
        self.choose_button.setEnabled(False)
        same_bsn = next((i for i, m in enumerate(matches) if SAME_BSN in m.reasons), None)
        if same_bsn is not None:
            self.hint.setText(BSN_IN_REGISTER)
            self.list.setCurrentRow(same_bsn)
        elif matches:
            self.hint.setText(SOME_FOUND)
        else:
            self.hint.setText(NONE_FOUND if searched else EMPTY_HINT)

    @property
    def offers_bsn_owner(self) -> bool:
        """A person with the typed BSN is listed (and selected): choose, not add anew."""
        return self.hint.text() == BSN_IN_REGISTER

    def _activated(self, item: QListWidgetItem) -> None:
        self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def _choose_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._activated(item)
