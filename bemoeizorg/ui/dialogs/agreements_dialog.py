"""Afspraken vastleggen: one screen for the whole agenda. Per case who holds it now and what
was agreed (what, which organisation, by when). Saving records them all at once
(`record_agreements`); the next meeting about the case shows them as "Vorige keer
afgesproken". Recording again replaces the open actions of this meeting; done ones stay.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework import reference_data
from bemoeizorg.casework.meetings import (
    AgendaEntry,
    AgreedAction,
    Agreement,
    MeetingDetail,
    record_agreements,
)
from bemoeizorg.domain.formats import date_text
from bemoeizorg.ui import style
from bemoeizorg.ui.dialogs.form_dialog import FormDialog, Job, store_call
from bemoeizorg.ui.jobs import ignore_error
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.widgets.date_field import DateField
from bemoeizorg.ui.widgets.field_error import FieldError

TITLE = "Afspraken vastleggen"
INTRO = (
    "{kind} {municipality} van {day}. Leg per casus vast wie de casus nu houdt en wat is "
    "afgesproken: wat, welke organisatie en uiterlijk wanneer. Lege regels tellen niet mee."
)
NO_ORGANISATION = "Zeg bij elke afspraak welke organisatie hem uitvoert."
ADD = "Afspraak toevoegen"
REMOVE = "Weghalen"
DONE_BEFORE = "Al gedaan: {actions}"
WHAT_PLACEHOLDER = "Wat is afgesproken"
DEFAULT_DUE_DAYS = 28  # the next monthly meeting
NO_DATE = "geen datum"
DUE = "Uiterlijk:"


class ActionRow:
    """One agreed action: its three fields and the button that removes it."""

    def __init__(self, organisations: list[str], action: AgreedAction | None, due: date) -> None:
        self.description = QLineEdit(action.description if action else "")
        self.description.setPlaceholderText(WHAT_PLACEHOLDER)
        self.description.setAccessibleName("Wat")
        self.description.setCursorPosition(0)  # the start of a long text in sight
        self.description.setMinimumWidth(260)
        self.organisation = QComboBox()
        self.organisation.setEditable(True)
        self.organisation.addItem("")
        self.organisation.addItems(organisations)
        self.organisation.setEditText(action.organisation if action else "")
        self.organisation.setAccessibleName("Organisatie")
        self.organisation.setMinimumContentsLength(12)
        self.due = DateField(empty=NO_DATE, value=action.due_on if action else due)
        self.due.setAccessibleName("Uiterlijk")
        self.remove_button = QPushButton(REMOVE)

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.description, self.organisation, self.due, self.remove_button)

    def value(self) -> AgreedAction:
        return AgreedAction(
            description=self.description.text().strip(),
            organisation=self.organisation.currentText().strip(),
            due_on=self.due.value(),
        )


class CaseAgreements(QGroupBox):
    """The group of one case on the agenda."""

    def __init__(self, entry: AgendaEntry, participants: list[str], held_on: date) -> None:
        super().__init__(f"{entry.case_number} — {entry.name}")
        self.setStyleSheet(style.bold_group_titles())
        self.entry = entry
        self._participants = participants
        self._due = held_on + timedelta(days=DEFAULT_DUE_DAYS)
        self.rows: list[ActionRow] = []
        self.holder_combo = QComboBox()
        self.holder_combo.setEditable(True)
        self.holder_combo.addItem("")
        self.holder_combo.addItems(participants)
        previous = entry.previous.holder if entry.previous else ""
        self.holder_combo.setEditText(entry.holder_after or previous)
        self.holder_combo.setAccessibleName("Casushouder nu")
        self.holder_combo.setMinimumContentsLength(24)

        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        for column, text in enumerate(("Wat", "Organisatie", "Uiterlijk")):
            header = QLabel(text)
            header.setStyleSheet(style.bold())
            self.grid.addWidget(header, 0, column)
        self.grid.setColumnStretch(0, 5)
        self.grid.setColumnStretch(1, 2)
        self.add_button = QPushButton(ADD)
        self.error = FieldError()
        self.error.setObjectName(f"organisation_{entry.id}_error")
        done = [a for a in entry.agreed if a.done_on is not None]
        self.done_label = QLabel(
            DONE_BEFORE.format(
                actions="; ".join(f"{a.description} ({a.organisation})" for a in done)
            )
        )
        self.done_label.setWordWrap(True)
        self.done_label.setStyleSheet(style.muted_text())
        self.done_label.setVisible(bool(done))

        form = QFormLayout()
        form.addRow("Casushouder nu", self.holder_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(self.grid)
        layout.addLayout(buttons)
        layout.addWidget(self.done_label)
        layout.addWidget(self.error)

        for action in entry.agreed:
            if action.done_on is None:
                self.add_action(action)
        if not self.rows:
            self.add_action()
        self.add_button.clicked.connect(lambda: self.add_action(focus=True))

    def set_team(self, names: list[str]) -> None:
        typed = self.holder_combo.currentText()
        for name in names:
            if self.holder_combo.findText(name) < 0:
                self.holder_combo.addItem(name)
        self.holder_combo.setEditText(typed)

    def add_action(self, action: AgreedAction | None = None, *, focus: bool = False) -> ActionRow:
        row = ActionRow(self._participants, action, self._due)
        self.rows.append(row)
        row.due.judged.connect(self._due_judged)
        row.due.textChanged.connect(lambda _text: self._due_judged(""))
        self._place_rows()
        row.remove_button.clicked.connect(lambda: self.remove_action(row))
        if focus:
            row.description.setFocus()
        return row

    def remove_action(self, row: ActionRow) -> None:
        if row not in self.rows:
            return
        self.rows.remove(row)
        for widget in row.widgets():
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self._place_rows()

    def _place_rows(self) -> None:
        for index, row in enumerate(self.rows, start=1):
            for column, widget in enumerate(row.widgets()):
                self.grid.addWidget(widget, index, column)

    def agreement(self) -> Agreement:
        actions = tuple(a for a in (r.value() for r in self.rows) if a.description)
        return Agreement(self.entry.id, actions, self.holder_combo.currentText().strip())

    def problem(self) -> str:
        for row in self.rows:  # an empty row does not count, its date neither
            if row.description.text().strip() and (problem := row.due.problem()):
                return f"{DUE} {problem}"
        if any(a.description and not a.organisation for a in self.agreement().actions):
            return NO_ORGANISATION
        return ""

    def _due_judged(self, problem: str) -> None:
        # Said under the case's actions when a due date is left, like the organisation;
        # a sentence already there follows the typing, so it goes once the date is right.
        if problem or self.error.isVisible():
            self.error.show_problem(self.problem() or None)


class AgreementsDialog(FormDialog):
    def __init__(
        self, session: RegisterSession, meeting: MeetingDetail, parent: QWidget | None = None
    ) -> None:
        data = meeting.data
        intro = INTRO.format(
            kind=data.kind.label.split(" (")[0],
            municipality=meeting.municipality,
            day=date_text(data.held_on),
        )
        super().__init__(session, TITLE, intro=intro, parent=parent)
        self.meeting = meeting
        participants = list(data.participants)
        self.groups: list[CaseAgreements] = []
        content = QWidget()
        column = QVBoxLayout(content)
        for entry in meeting.agenda:
            group = CaseAgreements(entry, participants, data.held_on)
            name = f"organisation:{entry.id}"
            self.errors[name] = group.error
            self._fields[name] = group
            self.groups.append(group)
            column.addWidget(group)
        column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(content)
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        for index in range(outer.count()):
            item = outer.itemAt(index)
            if isinstance(item, QSpacerItem):
                outer.takeAt(index)
                break
        outer.insertWidget(2, self.scroll_area, 1)
        self.setMinimumWidth(860)
        self.resize(980, 700)
        session.call(
            lambda r: [m.name for m in reference_data.team_members(r, active_only=True)],
            self._team_loaded,
            ignore_error,  # without the names each "who" is still free text
        )

    def _team_loaded(self, names: list[str]) -> None:
        if self.is_alive():
            for group in self.groups:
                group.set_team(names)

    def group_of(self, case_id: int) -> CaseAgreements:
        return next(g for g in self.groups if g.entry.case_id == case_id)

    def problems(self) -> dict[str, str]:
        return {
            f"organisation:{g.entry.id}": problem for g in self.groups if (problem := g.problem())
        }

    def show_problems(self, problems: dict[str, str]) -> None:
        super().show_problems(problems)
        for group in self.groups:
            if f"organisation:{group.entry.id}" in problems:
                self.scroll_area.ensureWidgetVisible(group)
                break

    def job(self) -> Job:
        agreements = [g.agreement() for g in self.groups]
        return store_call(record_agreements, self.meeting.id, agreements)
