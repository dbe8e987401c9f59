"""Overleg plannen / wijzigen: the municipality (covered ones first), the date, the kind,
the chair and which organisations sit at the table. The municipality's contact point is
shown while choosing, so a missing one is seen before the meeting, not during it.

Built on the shared save-then-close dialog (`FormDialog`): problems land under their field,
the store call runs on the worker.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework import reference_data
from bemoeizorg.casework.meetings import (
    MeetingData,
    current_contact_point,
    plan_meeting,
    update_meeting,
)
from bemoeizorg.domain import formats
from bemoeizorg.domain.meetings import PARTNER_ORGANISATIONS, MeetingKind
from bemoeizorg.domain.municipalities import BY_CODE, MUNICIPALITIES
from bemoeizorg.domain.team import ContactPointData
from bemoeizorg.store.register import Register
from bemoeizorg.ui import style
from bemoeizorg.ui.dialogs.case_event_dialog import event_date_field
from bemoeizorg.ui.dialogs.form_dialog import FormDialog, Job
from bemoeizorg.ui.jobs import ignore_error
from bemoeizorg.ui.register_session import RegisterSession

PLAN_TITLE = "Overleg plannen"
EDIT_TITLE = "Overleg wijzigen"
CHOOSE = "Kies een gemeente…"
OTHER_PLACEHOLDER = "Bijvoorbeeld: Schuldhulpverlening, Veilig Thuis (met komma's)"
NO_CONTACT_POINT = "Geen aanspreekpunt vastgelegd — zie Instellingen"
CONTACT_POINT_LOADING = "Aanspreekpunt wordt opgezocht…"
SEPARATOR_TEXT = "Overige gemeenten"
COLUMNS = 3


def contact_point_text(point: ContactPointData | None) -> str:
    """One or two lines: who, from which organisation, and how to reach them."""
    if point is None:
        return NO_CONTACT_POINT
    who = f"{point.name} ({point.organisation})" if point.organisation else point.name
    reach = " · ".join(p for p in (point.phone, point.email) if p)
    return f"{who}\n{reach}" if reach else who


def split_other(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def _load(register: Register) -> tuple[list[str], list[str]]:
    covered = reference_data.covered_municipalities(register)
    team = [m.name for m in reference_data.team_members(register, active_only=True)]
    return covered, team


class MeetingDialog(FormDialog):
    def __init__(
        self,
        session: RegisterSession,
        *,
        meeting_id: int | None = None,
        data: MeetingData | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = EDIT_TITLE if meeting_id is not None else PLAN_TITLE
        super().__init__(session, title, parent=parent)
        self.meeting_id = meeting_id
        self._initial = data
        self._point_seq = 0

        self.municipality_combo = QComboBox()
        self.municipality_combo.setAccessibleName("Gemeente")
        self._fill_municipalities([])
        self.date_edit_field = event_date_field(future=True)
        self.date_edit_field.set_value(formats.today() + timedelta(days=7))
        self.date_edit_field.setAccessibleName("Datum")
        self.kind_combo = QComboBox()
        for kind in MeetingKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.chair_combo = QComboBox()
        self.chair_combo.setEditable(True)
        self.chair_combo.setAccessibleName("Voorzitter")
        chair_line = self.chair_combo.lineEdit()
        assert chair_line is not None  # an editable combo box has one
        chair_line.setPlaceholderText("Naam van de voorzitter")

        self.partner_boxes: dict[str, QCheckBox] = {}
        partners = QWidget()
        grid = QGridLayout(partners)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        for index, name in enumerate(PARTNER_ORGANISATIONS):
            box = QCheckBox(name)
            self.partner_boxes[name] = box
            grid.addWidget(box, index // COLUMNS, index % COLUMNS)
        self.other_edit = QLineEdit()
        self.other_edit.setPlaceholderText(OTHER_PLACEHOLDER)
        self.other_edit.setAccessibleName("Andere organisatie")
        participants = QWidget()
        column = QVBoxLayout(participants)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(partners)
        column.addWidget(QLabel("Andere organisatie"))
        column.addWidget(self.other_edit)

        self.contact_point_label = QLabel(NO_CONTACT_POINT)
        self.contact_point_label.setObjectName("contact_point")
        self.contact_point_label.setWordWrap(True)
        self.contact_point_label.setStyleSheet(style.muted_text())

        self.add_row("Gemeente", self.municipality_combo, "municipality")
        self.add_row("Aanspreekpunt", self.contact_point_label)
        self.add_row("Datum", self.date_edit_field, "held_on")
        self.add_row("Soort overleg", self.kind_combo)
        self.add_row("Voorzitter", self.chair_combo)
        self.add_row("Aan tafel", participants, "participants")
        self.setMinimumWidth(600)

        if data is not None:
            self.set_data(data)
        self.municipality_combo.currentIndexChanged.connect(self._show_contact_point)
        # The contact point of the day once a date is typed in full (left or chosen).
        self.date_edit_field.judged.connect(self._show_contact_point)
        # Without them the municipality list holds them all and the chair is typed in.
        self._session.call(_load, self._loaded, ignore_error)

    # --- filling ---------------------------------------------------------------------------

    def _fill_municipalities(self, covered: list[str]) -> None:
        chosen = self.municipality_combo.currentData()
        combo = self.municipality_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(CHOOSE, None)
        first = sorted((BY_CODE[c] for c in covered if c in BY_CODE), key=lambda m: m.name)
        for m in first:
            combo.addItem(m.name, m.code)
        rest = sorted((m for m in MUNICIPALITIES if m.code not in covered), key=lambda m: m.name)
        if first and rest:
            combo.insertSeparator(combo.count())
        for m in rest:
            combo.addItem(m.name, m.code)
        index = combo.findData(chosen) if chosen else -1
        if index < 0 and chosen is None and len(first) == 1:
            index = combo.findData(first[0].code)  # one municipality: no need to choose
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def _loaded(self, result: tuple[list[str], list[str]]) -> None:
        if not self.is_alive():
            return
        covered, team = result
        self._fill_municipalities(covered)
        typed = self.chair_combo.currentText()
        self.chair_combo.clear()
        self.chair_combo.addItems(team)
        self.chair_combo.setEditText(typed)
        self._show_contact_point()

    def set_data(self, data: MeetingData) -> None:
        index = self.municipality_combo.findData(data.municipality_code)
        self.municipality_combo.setCurrentIndex(max(index, 0))
        self.date_edit_field.set_value(data.held_on)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(data.kind.value), 0))
        self.chair_combo.setEditText(data.chair)
        others = []
        for name in data.participants:
            if name in self.partner_boxes:
                self.partner_boxes[name].setChecked(True)
            else:
                others.append(name)
        self.other_edit.setText(", ".join(others))

    # --- the contact point -------------------------------------------------------------------

    def _show_contact_point(self, *_args: object) -> None:
        code = self.municipality_combo.currentData()
        self._point_seq += 1
        if not code:
            self.contact_point_label.setText(NO_CONTACT_POINT)
            return
        seq, on = self._point_seq, self.held_on()
        if on is None:
            return  # no date yet: the contact point of the last right date stays
        self.contact_point_label.setText(CONTACT_POINT_LOADING)
        self._session.call(
            lambda r: current_contact_point(r, code, on),
            lambda point: self._point_loaded(seq, point),
        )

    def _point_loaded(self, seq: int, point: ContactPointData | None) -> None:
        if self.is_alive() and seq == self._point_seq:
            self.contact_point_label.setText(contact_point_text(point))

    # --- values ----------------------------------------------------------------------------

    def held_on(self) -> date | None:
        """The date typed or chosen; None while it is no right date."""
        return self.date_edit_field.value()

    def participants(self) -> tuple[str, ...]:
        chosen = [name for name, box in self.partner_boxes.items() if box.isChecked()]
        return tuple(chosen + split_other(self.other_edit.text()))

    def data(self) -> MeetingData:
        """The meeting as filled in; only asked once the date is right (see `problems`)."""
        held_on = self.held_on()
        assert held_on is not None, "a meeting is saved only with a right date"
        return self._data(held_on)

    def _data(self, held_on: date) -> MeetingData:
        return MeetingData(
            municipality_code=self.municipality_combo.currentData() or "",
            held_on=held_on,
            kind=MeetingKind(self.kind_combo.currentData()),
            chair=self.chair_combo.currentText().strip(),
            participants=self.participants(),
        )

    def problems(self) -> dict[str, str]:
        held_on = self.held_on()
        # The other fields are judged whatever the date; the date's own problem (from
        # FormDialog) wins, so a wrong date is never replaced by another one.
        found = self._data(held_on or formats.today()).problems()
        if (
            held_on is not None
            and self.meeting_id is None
            and held_on < formats.today() - timedelta(days=365)
        ):
            found["held_on"] = "Deze datum ligt meer dan een jaar terug."
        return {**found, **super().problems()}

    def job(self) -> Job:
        data, meeting_id = self.data(), self.meeting_id

        def job(register: Register) -> int:
            if meeting_id is None:
                return plan_meeting(register, data)
            update_meeting(register, meeting_id, data)
            return meeting_id

        return job
