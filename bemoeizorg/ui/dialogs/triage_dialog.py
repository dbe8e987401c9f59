"""Melding beoordelen (triage): take the report on, or not.

Taken on: a new case in phase vinden, with a case owner from the active team, a specialism
and a date; the dialog then says the new case number. Not taken on: advice given, or the
reporter referred elsewhere, with to whom (required for a referral). "Later beoordelen"
leaves the report waiting for triage.

Opened for a melding that was not taken on (`correcting`, from the list "Niet opgepakt"),
it changes that decision (team lead only; casework refuses anyone else): the current one
is said above the choice, "Annuleren" leaves it as it is, and casework keeps the old one.

The specialism starts at Jeugd for a person under 18 (birth date, else the estimated age),
otherwise at the proposed owner's; choosing an owner then sets it to that owner's. The
user can still pick the other one.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework import persons, reference_data
from bemoeizorg.casework.intake import FieldProblems, not_taken_on, take_on
from bemoeizorg.casework.persons import PersonSummary
from bemoeizorg.casework.triage_queue import ReportRow, change_triage
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.identity import age_on
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.domain.vocabulary import TriageDecision
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register
from bemoeizorg.ui import messages
from bemoeizorg.ui.dialog_host import LockableDialog
from bemoeizorg.ui.dialogs.case_event_dialog import event_date_field
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.models.report_list_model import days_text
from bemoeizorg.ui.register_session import RegisterSession, Topic
from bemoeizorg.ui.widgets.field_error import FieldError, with_error

NOTE_REQUIRED = "Vul in naar wie de melder is verwezen."
HEADING = "Melding over <b>{who}</b> is opgeslagen. Wordt deze opgepakt?"
AGE = "{age} jaar"
AGE_ESTIMATE = "ongeveer {age} jaar"
OWNER = "{name} ({specialism})"
CASE_MADE = "Casus {number} is aangemaakt, in fase vinden."
WAITING_HEADING = "Melding over <b>{who}</b> van {received}, wacht {days}. Wordt deze opgepakt?"
CHANGE_TITLE = "Beoordeling wijzigen"
CHANGE_HEADING = "Melding over <b>{who}</b> van {received}. Wat wordt de nieuwe beoordeling?"
NOW = "Nu: {decision} (op {day})."
NOW_NOTE = "Nu: {decision} (op {day}): {note}"
KEPT = "De huidige beoordeling blijft bewaard bij de melding en in het logboek."
CANCEL_TIP = "De beoordeling blijft zoals ze is."
ADULT_AGE = 18


def person_age(person: PersonSummary, day: date) -> int | None:
    """Age on day from the birth date, else from the estimated birth year; None if unknown."""
    if person.birth_date is not None:
        return age_on(person.birth_date, day)
    if person.birth_year_estimate is not None:
        return day.year - person.birth_year_estimate
    return None


class TriageDialog(LockableDialog):
    def __init__(
        self,
        session: RegisterSession,
        report_id: int,
        parent: QWidget | None = None,
        *,
        waiting: ReportRow | None = None,
        correcting: ReportRow | None = None,
        start: TriageDecision | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._report_id = report_id
        self._waiting = waiting  # opened from the triage queue
        self._correcting = correcting
        self._note_touched = False
        self._person: PersonSummary | None = None
        self._specialisms: dict[int, Specialism] = {}  # team member id -> specialism
        self._filling_owners = False
        self.case_id: int | None = None
        self.case_number: str = ""
        self.decision: TriageDecision | None = None
        self.setWindowTitle("Melding beoordelen")

        self.heading = QLabel("Melding opgeslagen. Wordt deze opgepakt?")
        self.heading.setObjectName("triage_heading")
        self.heading.setWordWrap(True)
        self.take_on_radio = QRadioButton("Oppakken: nieuwe casus in fase vinden")
        self.advice_radio = QRadioButton("Niet oppakken: advies gegeven")
        self.referred_radio = QRadioButton("Niet oppakken: elders naartoe verwezen")
        self.choice = QButtonGroup(self)
        for radio in (self.take_on_radio, self.advice_radio, self.referred_radio):
            self.choice.addButton(radio)
        self.take_on_radio.setChecked(True)

        self.owner_combo = QComboBox()
        self.owner_combo.currentIndexChanged.connect(self._owner_chosen)
        self.owner_error = FieldError()
        self.owner_error.setObjectName("owner_error")
        self.specialism_combo = QComboBox()
        for specialism in Specialism:
            self.specialism_combo.addItem(specialism.label, specialism)
        self.specialism_combo.setCurrentIndex(
            self.specialism_combo.findData(Specialism.VOLWASSENEN)
        )
        self.date_edit = event_date_field()
        self.date_error = FieldError()
        self.date_error.setObjectName("date_error")
        self.date_edit.judged.connect(self.date_error.show_problem)
        self.take_on_box = QWidget()
        take_on_form = QFormLayout(self.take_on_box)
        take_on_form.setContentsMargins(24, 0, 0, 0)
        take_on_form.addRow("Dossierhouder", with_error(self.owner_combo, self.owner_error))
        take_on_form.addRow("Specialisme", self.specialism_combo)
        take_on_form.addRow("Datum", with_error(self.date_edit, self.date_error))

        self.note_label = QLabel()
        self.note_edit = QLineEdit()
        self.note_error = FieldError()
        self.note_error.setObjectName("note_error")
        self.not_taken_box = QWidget()
        note_form = QFormLayout(self.not_taken_box)
        note_form.setContentsMargins(24, 0, 0, 0)
        note_form.addRow(self.note_label, with_error(self.note_edit, self.note_error))
        self.general_error = FieldError()

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("Opslaan", QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button = self.buttons.addButton(
            "Later beoordelen", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.later_button.setToolTip("De melding blijft staan als nog niet beoordeeld.")
        self.current_label = QLabel()
        self.current_label.setObjectName("triage_current")
        self.current_label.setWordWrap(True)
        self.current_label.setVisible(False)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.current_label)
        layout.addSpacing(6)
        layout.addWidget(self.take_on_radio)
        layout.addWidget(self.take_on_box)
        layout.addWidget(self.advice_radio)
        layout.addWidget(self.referred_radio)
        layout.addWidget(self.not_taken_box)
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

        self.choice.buttonToggled.connect(self._choice_changed)
        self.note_edit.textChanged.connect(self._revalidate)
        self.note_edit.editingFinished.connect(self._touch_note)
        if correcting is not None:
            self._show_correcting(correcting)
        if start is not None:
            {
                TriageDecision.OPGEPAKT: self.take_on_radio,
                TriageDecision.ADVIES: self.advice_radio,
                TriageDecision.DOORVERWEZEN: self.referred_radio,
            }.get(start, self.take_on_radio).setChecked(True)
        self._choice_changed()
        self._load()

    def _show_correcting(self, row: ReportRow) -> None:
        """A decision being changed: say what it is now, and that it is kept."""
        self.setWindowTitle(CHANGE_TITLE)
        self.later_button.setText("Annuleren")
        self.later_button.setToolTip(CANCEL_TIP)
        self.take_on_radio.setText("Toch oppakken: nieuwe casus in fase vinden")
        day = date_text(row.triaged_on) if row.triaged_on else "?"
        note = row.triage_note.split("\n", 1)[0].strip()
        now = (
            NOW_NOTE.format(decision=row.triage.label, day=day, note=note)
            if note
            else NOW.format(decision=row.triage.label, day=day)
        )
        self.current_label.setText(f"{now}\n{KEPT}")
        self.current_label.setVisible(True)

    # --- loading -----------------------------------------------------------------------------

    def _load(self) -> None:
        def job(register: Register) -> tuple[PersonSummary | None, list[TeamMemberData]]:
            summary = persons.person_of_report(register, self._report_id)
            return summary, reference_data.team_members(register, active_only=True)

        self._session.call(job, self._loaded, self._failed)

    def _loaded(self, result: tuple[PersonSummary | None, list[TeamMemberData]]) -> None:
        summary, members = result
        self._person = summary
        if summary is not None:
            facts = [summary.name]
            age = person_age(summary, date.today())
            if age is not None:
                text = AGE if summary.birth_date is not None else AGE_ESTIMATE
                facts.append(text.format(age=age))
            if summary.municipality:
                facts.append(summary.municipality)
            who = html.escape(", ".join(facts))  # a typed name is text, never markup
            if self._correcting is not None:
                received = date_text(self._correcting.received_on)
                self.heading.setText(CHANGE_HEADING.format(who=who, received=received))
            elif self._waiting is not None:
                self.heading.setText(
                    WAITING_HEADING.format(
                        who=who,
                        received=date_text(self._waiting.received_on),
                        days=days_text(self._waiting.days_waiting),
                    )
                )
            else:
                self.heading.setText(HEADING.format(who=who))
        self._specialisms = {m.id: m.specialism for m in members if m.id is not None}
        self._filling_owners = True  # the proposed owner is no choice of the user's
        try:
            self.owner_combo.clear()
            for member in members:
                self.owner_combo.addItem(
                    OWNER.format(name=member.name, specialism=member.specialism.label.lower()),
                    member.id,
                )
            if not members:
                self.owner_combo.addItem("Nog niemand: voeg teamleden toe bij Instellingen", None)
                self.owner_combo.setEnabled(False)
            mine = self.owner_combo.findText(self._session.user or "", Qt.MatchFlag.MatchStartsWith)
            if mine >= 0:
                self.owner_combo.setCurrentIndex(mine)
        finally:
            self._filling_owners = False
        age = person_age(summary, date.today()) if summary is not None else None
        if age is not None and age < ADULT_AGE:
            self._show_specialism(Specialism.JEUGD)
        else:
            self._show_specialism(
                self._specialisms.get(self.owner_combo.currentData(), Specialism.VOLWASSENEN)
            )

    def _owner_chosen(self) -> None:
        if self._filling_owners:
            return
        specialism = self._specialisms.get(self.owner_combo.currentData())
        if specialism is not None:
            self._show_specialism(specialism)

    def _show_specialism(self, specialism: Specialism) -> None:
        self.specialism_combo.setCurrentIndex(self.specialism_combo.findData(specialism))

    # --- the choice --------------------------------------------------------------------------

    def current_decision(self) -> TriageDecision:
        if self.advice_radio.isChecked():
            return TriageDecision.ADVIES
        if self.referred_radio.isChecked():
            return TriageDecision.DOORVERWEZEN
        return TriageDecision.OPGEPAKT

    def _choice_changed(self) -> None:
        decision = self.current_decision()
        self.take_on_box.setVisible(decision is TriageDecision.OPGEPAKT)
        self.not_taken_box.setVisible(decision is not TriageDecision.OPGEPAKT)
        if decision is TriageDecision.DOORVERWEZEN:
            self.note_label.setText("Verwezen naar")
            self.note_edit.setPlaceholderText("bijvoorbeeld wijkteam Roermond-Oost, huisarts")
        else:
            self.note_label.setText("Advies (optioneel)")
            self.note_edit.setPlaceholderText("welk advies is aan de melder gegeven?")
        self._revalidate()

    def _touch_note(self) -> None:
        self._note_touched = True
        self._revalidate()

    def _note_problem(self) -> str:
        if self.current_decision() is TriageDecision.DOORVERWEZEN:
            return "" if self.note_edit.text().strip() else NOTE_REQUIRED
        return ""

    def _revalidate(self) -> str:
        problem = self._note_problem()
        self.note_error.show_problem(problem if self._note_touched else None)
        return problem

    # --- saving ------------------------------------------------------------------------------

    def save(self) -> None:
        decision = self.current_decision()
        self.general_error.show_problem(None)
        report_id = self._report_id
        correcting = self._correcting is not None
        if decision is TriageDecision.OPGEPAKT:
            # The case starts on the date typed, never on another one: a wrong date stops.
            on_date = self.date_edit.value()
            if on_date is None or self.date_edit.judge():
                self.date_edit.setFocus()
                return
            owner_id = self.owner_combo.currentData()
            specialism = Specialism(self.specialism_combo.currentData())

            def job(register: Register) -> tuple[int, str]:
                if correcting:
                    changed = change_triage(
                        register,
                        report_id,
                        TriageDecision.OPGEPAKT,
                        owner_id=owner_id,
                        specialism=specialism,
                        on_date=on_date,
                    )
                    assert changed.case_id is not None
                    return changed.case_id, changed.case_number
                case_id = take_on(register, report_id, owner_id, specialism, on_date)
                return case_id, persons.case_number(register, case_id)

        else:
            self._note_touched = True
            if self._revalidate():
                self.note_edit.setFocus()
                return
            note = self.note_edit.text().strip()

            def job(register: Register) -> tuple[int, str]:
                if correcting:
                    change_triage(register, report_id, decision, note=note)
                else:
                    not_taken_on(register, report_id, decision, note)
                return 0, ""

        self.setEnabled(False)
        self._session.call(job, lambda result: self._saved(decision, result), self._save_failed)

    def _saved(self, decision: TriageDecision, result: tuple[int, str]) -> None:
        self.setEnabled(True)
        self.decision = decision
        self._session.data_changed.emit(Topic.CASES)
        if decision is TriageDecision.OPGEPAKT:
            self.case_id, self.case_number = result
        if self.closing_for_lock:
            return  # the screen locked while saving: the answer comes too late to show
        if decision is TriageDecision.OPGEPAKT:
            messages.info(
                self,
                "Casus aangemaakt",
                CASE_MADE.format(number=self.case_number),
            )
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        if isinstance(exc, FieldProblems):
            self.owner_error.show_problem(exc.problems.get("owner"))
            if "note" in exc.problems:
                self._note_touched = True
                self.note_error.show_problem(exc.problems["note"])
            rest = [v for k, v in exc.problems.items() if k not in ("owner", "note")]
            self.general_error.show_problem(" ".join(rest) or None)
        elif isinstance(exc, InvalidInput):
            self.general_error.show_problem(exc.message)
        else:
            show_error(exc)

    def _failed(self, exc: BaseException) -> None:
        self.general_error.show_problem(messages.dutch_error_text(exc))
