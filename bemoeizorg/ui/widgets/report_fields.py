"""The report's own fields in Nieuwe melding, beside the person and the reporter: when it
came in, for which municipality and how urgent (`ReportFields`), and what worries the
reporter, as concerns and in words (`ConcernFields`). Each field has its error sentence;
the form decides when to show it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.domain import formats
from bemoeizorg.domain.municipalities import BY_CODE, MUNICIPALITIES, Subregion
from bemoeizorg.domain.vocabulary import Concern, Urgency
from bemoeizorg.ui.widgets.date_field import DateField
from bemoeizorg.ui.widgets.field_error import FieldError, with_error

NO_RECEIVED_DATE = "Vul de datum van ontvangst in."
RECEIVED_IN_FUTURE = "De datum van ontvangst ligt in de toekomst."


def _error(name: str) -> FieldError:
    error = FieldError()
    error.setObjectName(f"{name}_error")
    return error


def _select(combo: QComboBox, value: object) -> None:
    if value and (index := combo.findData(str(value))) >= 0:
        combo.setCurrentIndex(index)


class ReportFields(QGroupBox):
    changed = Signal()  # the date or the urgency changed
    touched = Signal(str)  # the date was left, the municipality chosen: judge it now

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Melding", parent)
        # A report cannot arrive in the future; before 1990 is a typo the domain names.
        self.received_edit = DateField(
            required=NO_RECEIVED_DATE,
            future=False,
            future_problem=RECEIVED_IN_FUTURE,
            value=formats.today(),
        )
        self.municipality_combo = QComboBox()
        self.urgency_combo = QComboBox()
        for urgency in Urgency:
            self.urgency_combo.addItem(urgency.label, urgency)
        self.errors = {name: _error(name) for name in ("received_on", "municipality_code")}

        form = QFormLayout(self)
        form.addRow("Datum ontvangst", with_error(self.received_edit, self.errors["received_on"]))
        form.addRow(
            "Gemeente", with_error(self.municipality_combo, self.errors["municipality_code"])
        )
        form.addRow("Urgentie", self.urgency_combo)

        self.received_edit.textChanged.connect(self.changed)
        self.received_edit.judged.connect(lambda _problem: self.touched.emit("received_on"))
        self.urgency_combo.currentIndexChanged.connect(self.changed)
        self.municipality_combo.currentIndexChanged.connect(
            lambda: self.touched.emit("municipality_code")
        )
        # True while the municipality shown is the one remembered from the last melding:
        # the chosen person's own municipality may still replace it, the user's may not.
        self._remembered_shown = False
        self.municipality_combo.currentIndexChanged.connect(self._municipality_changed)
        self.fill_municipalities([])

    def tab_chain(self) -> list[QWidget]:
        return [self.received_edit, self.municipality_combo, self.urgency_combo]

    def fill_municipalities(self, covered: list[str], remembered: str = "") -> None:
        """Covered municipalities first, then the others of the region by subregion, each
        part alphabetical as in the filters. With nothing chosen yet, `remembered` (the
        municipality of the last melding saved on this computer) is shown."""
        current = self.municipality_combo.currentData()
        combo = self.municipality_combo
        combo.blockSignals(True)
        combo.clear()
        if len(covered) != 1:
            combo.addItem("Kies een gemeente", None)
        for code in sorted(covered, key=lambda c: BY_CODE[c].name):
            combo.addItem(BY_CODE[code].name, code)
        for subregion in Subregion:
            others = sorted(
                (m for m in MUNICIPALITIES if m.subregion is subregion and m.code not in covered),
                key=lambda m: m.name,
            )
            if others and combo.count():
                combo.insertSeparator(combo.count())
            for m in others:
                combo.addItem(m.name, m.code)
        if current:
            combo.setCurrentIndex(max(combo.findData(current), 0))
        elif remembered and (index := combo.findData(remembered)) >= 0:
            combo.setCurrentIndex(index)
            self._remembered_shown = True
        combo.blockSignals(False)

    def _municipality_changed(self) -> None:
        self._remembered_shown = False  # chosen now: by the user, a draft or the person

    def received_on(self) -> date | None:
        """The date typed or chosen; None while it is no right date (see `problems`)."""
        return self.received_edit.value()

    def problems(self) -> dict[str, str]:
        problem = self.received_edit.problem()
        return {"received_on": problem} if problem else {}

    def municipality_code(self) -> str:
        return str(self.municipality_combo.currentData() or "")

    def choose_municipality_if_none(self, code: str) -> None:
        """The chosen person's municipality, unless the user already chose one."""
        if self.municipality_combo.currentData() is None or self._remembered_shown:
            index = self.municipality_combo.findData(code)
            self.municipality_combo.setCurrentIndex(max(index, 0))

    def urgency(self) -> Urgency:
        return Urgency(self.urgency_combo.currentData())

    def fields(self) -> dict[str, Any]:
        return {
            "received_on": self.received_edit.text(),  # as typed, a half-typed date too
            "municipality_code": self.municipality_combo.currentData(),
            "urgency": str(self.urgency_combo.currentData()),
        }

    def restore(self, fields: dict[str, Any]) -> None:
        if isinstance(received := fields.get("received_on"), str):
            try:  # a draft kept before dates were kept as typed holds an ISO date
                self.received_edit.set_value(date.fromisoformat(received))
            except ValueError:
                self.received_edit.setText(received)
        _select(self.municipality_combo, fields.get("municipality_code"))
        _select(self.urgency_combo, fields.get("urgency"))


class ConcernFields(QWidget):
    changed = Signal()  # the description changed
    touched = Signal(str)  # a concern was (un)checked: judge it now

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.concern_list = QListWidget()
        self.concern_list.setObjectName("concern_list")
        for concern in Concern:
            item = QListWidgetItem(concern.label)
            item.setData(Qt.ItemDataRole.UserRole, concern)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.concern_list.addItem(item)
        # As tall as its items, so the form has no empty box at the bottom.
        rows = self.concern_list.sizeHintForRow(0) * self.concern_list.count()
        self.concern_list.setFixedHeight(rows + 2 * self.concern_list.frameWidth() + 4)
        self.description_edit = QPlainTextEdit()
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText(
            "Wat ziet of hoort de melder, sinds wanneer, wat is er al geprobeerd?"
        )
        self.errors = {name: _error(name) for name in ("concerns", "description")}

        concern_box = QGroupBox("Zorgen (één of meer)")
        concern_layout = QVBoxLayout(concern_box)
        concern_layout.addWidget(self.concern_list)
        concern_layout.addWidget(self.errors["concerns"])
        concern_layout.addStretch(1)
        description_box = QGroupBox("Beschrijving")
        description_layout = QVBoxLayout(description_box)
        description_layout.addWidget(self.description_edit)
        description_layout.addWidget(self.errors["description"])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(concern_box, 1)
        layout.addWidget(description_box, 1)

        self.concern_list.itemChanged.connect(lambda _item: self.touched.emit("concerns"))
        self.description_edit.textChanged.connect(self.changed)

    def tab_chain(self) -> list[QWidget]:
        return [self.concern_list, self.description_edit]

    def concerns(self) -> tuple[Concern, ...]:
        items = (self.concern_list.item(i) for i in range(self.concern_list.count()))
        return tuple(
            Concern(item.data(Qt.ItemDataRole.UserRole))  # Qt hands a StrEnum back as str
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        )

    def description(self) -> str:
        return self.description_edit.toPlainText().strip()

    def has_text(self) -> bool:
        return bool(self.concerns() or self.description())

    def fields(self) -> dict[str, Any]:
        return {
            "concerns": [str(c) for c in self.concerns()],
            "description": self.description_edit.toPlainText(),
        }

    def restore(self, fields: dict[str, Any]) -> None:
        wanted = {str(c) for c in fields.get("concerns") or ()}
        for i in range(self.concern_list.count()):
            item = self.concern_list.item(i)
            checked = str(item.data(Qt.ItemDataRole.UserRole)) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.description_edit.setPlainText(str(fields.get("description") or ""))
