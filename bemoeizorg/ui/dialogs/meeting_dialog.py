"""Overleg plannen / wijzigen: the municipality (covered ones first), the date, time and
place, the kind, the chair and who sits at the table (organisations and people). The
municipality's contact point is shown while choosing, so a missing one is seen before the
meeting, not during it. Planning a new meeting fills the chair, participants, time and
place in from the municipality's previous meeting. Moving a meeting a pack was already
made for asks first: the verstrekkingenlog keeps the pack's own date.

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
    previous_meeting_data,
    time_text,
    update_meeting,
)
from bemoeizorg.domain import formats
from bemoeizorg.domain.meetings import PARTNER_ORGANISATIONS, MeetingKind
from bemoeizorg.domain.municipalities import BY_CODE, MUNICIPALITIES
from bemoeizorg.domain.team import ContactPointData
from bemoeizorg.store.register import Register
from bemoeizorg.ui import messages, style
from bemoeizorg.ui.dialogs.case_event_dialog import event_date_field
from bemoeizorg.ui.dialogs.form_dialog import FormDialog, Job
from bemoeizorg.ui.jobs import ignore_error
from bemoeizorg.ui.register_session import RegisterSession

PLAN_TITLE = "Overleg plannen"
EDIT_TITLE = "Overleg wijzigen"
CHOOSE = "Kies een gemeente…"
OTHER_PLACEHOLDER = "Bijvoorbeeld: Schuldhulpverlening, wijkagent De Wit (met komma's)"
OTHER_LABEL = "Andere deelnemers (organisaties of personen)"
TIME_PLACEHOLDER = "uu:mm"
PLACE_PLACEHOLDER = "Bijvoorbeeld: Stadhuis, zaal 2"
CARRIED_OVER = "Voorzitter, deelnemers, tijd en plaats overgenomen van het overleg van {day}."
MOVE_TITLE = "Overleg verplaatsen"
MOVE_TEXT = (
    "Voor dit overleg is al een pakket gemaakt met de datum {old}. Het overleg verplaatsen "
    "naar {new}? Het verstrekkingenlog houdt de datum die op het pakket staat; maak zo nodig "
    "een nieuw pakket."
)
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
        packs_made: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        title = EDIT_TITLE if meeting_id is not None else PLAN_TITLE
        super().__init__(session, title, parent=parent)
        self.meeting_id = meeting_id
        self._initial = data
        self._packs_made = packs_made
        self._point_seq = 0
        self._carry_seq = 0
        self._touched = False  # typed in chair/participants/time/place: not overwritten

        self.municipality_combo = QComboBox()
        self.municipality_combo.setAccessibleName("Gemeente")
        self._fill_municipalities([])
        self.date_edit_field = event_date_field(future=True)
        self.date_edit_field.set_value(formats.today() + timedelta(days=7))
        self.date_edit_field.setAccessibleName("Datum")
        self.time_edit = QLineEdit()
        self.time_edit.setPlaceholderText(TIME_PLACEHOLDER)
        self.time_edit.setAccessibleName("Tijd")
        self.time_edit.setMaximumWidth(90)
        self.place_edit = QLineEdit()
        self.place_edit.setPlaceholderText(PLACE_PLACEHOLDER)
        self.place_edit.setAccessibleName("Plaats")
        self.place_edit.setMaxLength(200)
        self.carried_label = QLabel()
        self.carried_label.setObjectName("carried_over")
        self.carried_label.setWordWrap(True)
        self.carried_label.setStyleSheet(style.muted_text())
        self.carried_label.setVisible(False)
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
        self.other_edit.setAccessibleName(OTHER_LABEL)
        participants = QWidget()
        column = QVBoxLayout(participants)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(partners)
        column.addWidget(QLabel(OTHER_LABEL))
        column.addWidget(self.other_edit)

        self.contact_point_label = QLabel(NO_CONTACT_POINT)
        self.contact_point_label.setObjectName("contact_point")
        self.contact_point_label.setWordWrap(True)
        self.contact_point_label.setStyleSheet(style.muted_text())

        self.add_row("Gemeente", self.municipality_combo, "municipality")
        self.add_row("Aanspreekpunt", self.contact_point_label)
        self.add_row("Datum", self.date_edit_field, "held_on")
        self.add_row("Tijd", self.time_edit, "starts_at")
        self.add_row("Plaats", self.place_edit)
        self.add_row("Soort overleg", self.kind_combo)
        self.add_row("Voorzitter", self.chair_combo)
        self.add_row("Aan tafel", participants, "participants")
        self.add_row("", self.carried_label)
        self.setMinimumWidth(600)

        if data is not None:
            self.set_data(data)
        self.municipality_combo.currentIndexChanged.connect(self._show_contact_point)
        if meeting_id is None:
            self.municipality_combo.currentIndexChanged.connect(self._carry_over)
            self.kind_combo.currentIndexChanged.connect(self._carry_over)
            for edit in (self.time_edit, self.place_edit, self.other_edit):
                edit.textEdited.connect(self._typed)
            for box in self.partner_boxes.values():
                box.clicked.connect(self._typed)
            chair_line.textEdited.connect(self._typed)
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
        if self.meeting_id is None:
            self._carry_over()

    def set_data(self, data: MeetingData) -> None:
        index = self.municipality_combo.findData(data.municipality_code)
        self.municipality_combo.setCurrentIndex(max(index, 0))
        self.date_edit_field.set_value(data.held_on)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(data.kind.value), 0))
        self._set_people(data)

    def _set_people(self, data: MeetingData) -> None:
        """Chair, participants, time and place (also what carries over)."""
        self.chair_combo.setEditText(data.chair)
        others = []
        for name, box in self.partner_boxes.items():
            box.setChecked(name in data.participants)
        for name in data.participants:
            if name not in self.partner_boxes:
                others.append(name)
        self.other_edit.setText(", ".join(others))
        self.time_edit.setText(data.starts_at)
        self.place_edit.setText(data.place)

    # --- carried over from the previous meeting ---------------------------------------------

    def _typed(self, *_args: object) -> None:
        self._touched = True

    def _carry_over(self, *_args: object) -> None:
        """A new meeting: the previous one of this municipality (and kind) fills in who sits
        at the table, unless the team lead already typed something."""
        code = self.municipality_combo.currentData()
        self._carry_seq += 1
        if not code or self._touched:
            return
        seq, kind = self._carry_seq, MeetingKind(self.kind_combo.currentData())
        self._session.call(
            lambda r: previous_meeting_data(r, code, kind),
            lambda data: self._carried(seq, data),
            ignore_error,  # a convenience: without it the fields stay as they are
        )

    def _carried(self, seq: int, data: MeetingData | None) -> None:
        if not self.is_alive() or seq != self._carry_seq or self._touched:
            return
        if data is None:
            self.carried_label.setVisible(False)
            return
        self._set_people(data)
        self.carried_label.setText(CARRIED_OVER.format(day=formats.date_text(data.held_on)))
        self.carried_label.setVisible(True)

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
            starts_at=time_text(self.time_edit.text()),
            place=self.place_edit.text().strip(),
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

    def submit(self, job: Job) -> None:
        """Moving a meeting a pack was made for asks first."""
        initial, held_on = self._initial, self.held_on()
        if (
            self._packs_made
            and initial is not None
            and held_on is not None
            and held_on != initial.held_on
        ):
            text = MOVE_TEXT.format(
                old=formats.date_text(initial.held_on), new=formats.date_text(held_on)
            )
            if not messages.confirm(self, MOVE_TITLE, text):
                return
        super().submit(job)

    def job(self) -> Job:
        data, meeting_id = self.data(), self.meeting_id

        def job(register: Register) -> int:
            if meeting_id is None:
                return plan_meeting(register, data)
            update_meeting(register, meeting_id, data)
            return meeting_id

        return job
