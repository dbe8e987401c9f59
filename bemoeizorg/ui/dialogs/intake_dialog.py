"""Nieuwe melding: date, municipality, the person, the reporter, concerns, description.

While the person is typed, the register looks for possible matches (debounced, on the
worker); choosing one adds the report to that person and to their open case. Problems show
on the field as the user leaves it. The form is kept as a draft inside the register while
it is typed (debounced), so a crash or a lock loses nothing; a real save or an explicit
"stop without saving" discards the draft. After saving, a report that did not join an open
case goes to triage.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework import persons, reference_data
from bemoeizorg.casework.drafts import DraftData, DraftKind
from bemoeizorg.casework.intake import FieldProblems, RecordedReport, record_report
from bemoeizorg.casework.persons import PersonMatch, PersonSummary
from bemoeizorg.domain.formats import stored_moment_text
from bemoeizorg.domain.identity import bsn_problem
from bemoeizorg.domain.intake import ReportInput, report_problems
from bemoeizorg.domain.municipalities import BY_CODE, MUNICIPALITIES, Subregion
from bemoeizorg.domain.vocabulary import Concern, Urgency
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register
from bemoeizorg.ui import messages, style
from bemoeizorg.ui.dialog_host import LockableDialog
from bemoeizorg.ui.dialogs.triage_dialog import TriageDialog
from bemoeizorg.ui.draft_keeper import DraftKeeper
from bemoeizorg.ui.jobs import ignore_error, show_error
from bemoeizorg.ui.register_session import RegisterSession, Topic
from bemoeizorg.ui.widgets.field_error import FieldError
from bemoeizorg.ui.widgets.match_panel import MatchPanel
from bemoeizorg.ui.widgets.optional_date_edit import DATE_FORMAT, from_qdate, to_qdate
from bemoeizorg.ui.widgets.person_fields import PersonFields, with_error
from bemoeizorg.ui.widgets.reporter_fields import ReporterFields

MATCH_DELAY_MS = 300
DRAFT_DELAY_MS = 2000
JOINED_CASE = "Toegevoegd aan casus {number}."
RESTORED = (
    "Dit is de melding die u eerder begon (bewaard op {when}). Opslaan of Annuleren ruimt "
    "het concept op."
)
DISCARD_QUESTION = (
    "U heeft al iets ingevuld. Stoppen zonder op te slaan? Wat u typte wordt dan niet bewaard."
)
FORM_ERRORS = ("received_on", "municipality_code", "concerns", "description")
# Where each problem is, in the order of the form: the first one gets the focus.
FORM_ORDER = (
    "received_on",
    "municipality_code",
    "family_name",
    "birth_date",
    "postcode",
    "bsn",
    "reporter_kind",
    "concerns",
    "description",
)


class IntakeDialog(LockableDialog):
    def __init__(self, session: RegisterSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._touched: set[str] = set()
        self._match_seq = 0
        self._saving = False
        self._done = False  # saved, or closed: no more drafts
        self._filling = False  # restoring a draft: not a change by the user
        self.saved_case_id: int | None = None
        self.saved_report_id: int | None = None
        self.triage_dialog: TriageDialog | None = None
        self.setWindowTitle("Nieuwe melding")

        self._build_fields()
        self._build_layout()
        self.match_timer = QTimer(self, singleShot=True, interval=MATCH_DELAY_MS)
        self.match_timer.timeout.connect(self.look_for_matches)
        self.drafts = DraftKeeper(
            session, self, DraftKind.MELDING, delay_ms=DRAFT_DELAY_MS, parent=self
        )
        self.draft_timer = self.drafts.timer
        self._connect_fields()
        self._fill_municipalities([])
        # Without the team's own municipalities first, the list still holds them all.
        self._session.call(
            reference_data.covered_municipalities, self._fill_municipalities, ignore_error
        )

    @classmethod
    def from_draft(
        cls, session: RegisterSession, draft: DraftData, parent: QWidget | None = None
    ) -> IntakeDialog:
        """The form as it was when the draft was last saved; saving it discards the draft."""
        dialog = cls(session, parent)
        dialog.drafts.resume(draft.id)
        dialog.restore_fields(draft.fields)
        when = stored_moment_text(draft.updated_at)
        dialog.restored_note.setText(RESTORED.format(when=when))
        dialog.restored_note.show()
        return dialog

    # --- building ----------------------------------------------------------------------------

    def _build_fields(self) -> None:
        today = QDate.currentDate()
        self.received_edit = QDateEdit(today)
        self.received_edit.setCalendarPopup(True)
        self.received_edit.setDisplayFormat(DATE_FORMAT)
        self.received_edit.setMaximumDate(today)  # a report cannot arrive in the future
        self.received_edit.setMinimumDate(QDate(1990, 1, 1))
        self.municipality_combo = QComboBox()
        self.urgency_combo = QComboBox()
        for urgency in Urgency:
            self.urgency_combo.addItem(urgency.label, urgency)

        self.person = PersonFields()
        self.match_panel = MatchPanel()

        self.reporter = ReporterFields()

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

        self.errors = {name: FieldError() for name in FORM_ERRORS}
        for name, error in self.errors.items():
            error.setObjectName(f"{name}_error")
        self.errors.update(self.person.errors, reporter_kind=self.reporter.kind_error)
        self.general_error = FieldError()
        self.general_error.setObjectName("general_error")

    def _build_layout(self) -> None:
        report_box = QGroupBox("Melding")
        report_form = QFormLayout(report_box)
        report_form.addRow(
            "Datum ontvangst", with_error(self.received_edit, self.errors["received_on"])
        )
        report_form.addRow(
            "Gemeente", with_error(self.municipality_combo, self.errors["municipality_code"])
        )
        report_form.addRow("Urgentie", self.urgency_combo)

        concern_box = QGroupBox("Zorgen (één of meer)")
        concern_layout = QVBoxLayout(concern_box)
        concern_layout.addWidget(self.concern_list)
        concern_layout.addWidget(self.errors["concerns"])
        concern_layout.addStretch(1)
        description_box = QGroupBox("Beschrijving")
        description_layout = QVBoxLayout(description_box)
        description_layout.addWidget(self.description_edit)
        description_layout.addWidget(self.errors["description"])

        left = QVBoxLayout()
        left.addWidget(report_box)
        left.addWidget(self.person)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.match_panel, 1)
        right.addWidget(self.reporter)
        top = QHBoxLayout()
        top.addLayout(left, 1)
        top.addLayout(right, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(concern_box, 1)
        bottom.addWidget(description_box, 1)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addLayout(top)
        content_layout.addLayout(bottom, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field only
        scroll.setWidget(content)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("Opslaan", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setToolTip("Ctrl+Enter")
        self.cancel_button = self.buttons.addButton(
            "Annuleren", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        footer = QHBoxLayout()
        keys = QLabel("Ctrl+Enter slaat op · Esc stopt")
        keys.setStyleSheet(style.muted_text())
        footer.addWidget(keys)
        footer.addWidget(self.general_error, 1)
        footer.addWidget(self.buttons)

        self.restored_note = QLabel()
        self.restored_note.setObjectName("restored_note")
        self.restored_note.setWordWrap(True)
        self.restored_note.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.restored_note)
        layout.addWidget(scroll, 1)
        layout.addLayout(footer)
        self.resize(1100, 800)
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        # Enter moves on like Tab and never saves half a form: only Ctrl+Enter saves.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        chain: list[QWidget] = [
            self.received_edit,
            self.municipality_combo,
            self.urgency_combo,
            *self.person.tab_chain(),
            self.match_panel.list,
            self.match_panel.choose_button,
            *self.reporter.tab_chain(),
            self.concern_list,
            self.description_edit,
            self.save_button,
            self.cancel_button,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.person.family_edit.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # QDialogButtonBox makes Opslaan the default button when shown; Enter must not save.
        self.save_button.setDefault(False)

    def _connect_fields(self) -> None:
        self.person.changed.connect(self._changed)
        self.person.left_field.connect(self._touch)
        self.person.typed.connect(self._person_typed)
        for edit in (*self.person.edits.values(), *self.reporter.edits):
            edit.returnPressed.connect(self.focusNextChild)
        self.reporter.changed.connect(self._changed)
        self.reporter.kind_changed.connect(lambda: self._touch("reporter_kind"))
        self.received_edit.dateChanged.connect(self._changed)
        self.municipality_combo.currentIndexChanged.connect(
            lambda: self._touch("municipality_code")
        )
        self.urgency_combo.currentIndexChanged.connect(self._changed)
        self.concern_list.itemChanged.connect(lambda _item: self._touch("concerns"))
        self.description_edit.textChanged.connect(self._changed)
        self.match_panel.chosen.connect(self.choose_match)
        self.person.new_person_button.clicked.connect(self.new_person)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)

    def _fill_municipalities(self, covered: list[str]) -> None:
        """Covered municipalities first, then the others of the region by subregion."""
        current = self.municipality_combo.currentData()
        combo = self.municipality_combo
        combo.blockSignals(True)
        combo.clear()
        if len(covered) != 1:
            combo.addItem("Kies een gemeente", None)
        for code in covered:
            combo.addItem(BY_CODE[code].name, code)
        for subregion in Subregion:
            others = [
                m for m in MUNICIPALITIES if m.subregion is subregion and m.code not in covered
            ]
            if others and combo.count():
                combo.insertSeparator(combo.count())
            for m in others:
                combo.addItem(m.name, m.code)
        if current:
            combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    # --- the form's value --------------------------------------------------------------------

    def municipality_code(self) -> str:
        return str(self.municipality_combo.currentData() or "")

    def concerns(self) -> tuple[Concern, ...]:
        items = (self.concern_list.item(i) for i in range(self.concern_list.count()))
        return tuple(
            Concern(item.data(Qt.ItemDataRole.UserRole))  # Qt hands a StrEnum back as str
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        )

    def report_input(self) -> ReportInput:
        chosen = self.person.chosen
        return ReportInput(
            received_on=from_qdate(self.received_edit.date()),
            municipality_code=self.municipality_code(),
            reporter=self.reporter.value(),
            person=None if chosen else self.person.value(self.municipality_code()),
            person_id=chosen.person_id if chosen else None,
            concerns=self.concerns(),
            description=self.description_edit.toPlainText().strip(),
            urgency=Urgency(self.urgency_combo.currentData()),
        )

    def problems(self) -> dict[str, str]:
        problems = report_problems(self.report_input(), date.today())
        if "person" in problems:
            problems["family_name"] = problems.pop("person")
        if "birth_year_estimate" in problems:
            problems.setdefault("birth_date", problems.pop("birth_year_estimate"))
        problems.update(self.person.problems())
        if reporter_problem := self.reporter.problem():
            problems["reporter_kind"] = reporter_problem
        return problems

    # --- reacting to the user ----------------------------------------------------------------

    def _changed(self) -> None:
        if self._filling or self._done:
            return
        self.drafts.edited()
        self._revalidate()

    def _touch(self, name: str) -> None:
        self._touched.add(name)
        if name in ("family_name", "alias"):
            self._touched.add("family_name")  # either one names the person
        self._changed()

    def _revalidate(self) -> dict[str, str]:
        problems = self.problems()
        for name, error in self.errors.items():
            error.show_problem(problems.get(name) if name in self._touched else None)
        return problems

    def _person_typed(self) -> None:
        if not self._filling:
            self.match_timer.start()
        # A BSN is judged as soon as all its digits are there, not only when leaving it.
        bsn = self.person.bsn_edit.text().strip()
        if len(bsn) >= 9 and bsn_problem(bsn):
            self._touched.add("bsn")

    def look_for_matches(self) -> None:
        """Ask the register (on the worker) who this person might be."""
        self.match_timer.stop()
        if self.person.chosen is not None:
            return
        self._match_seq += 1
        seq = self._match_seq
        p = self.person.value("")
        if not (len(p.family_name) >= 2 or len(p.alias) >= 2 or p.birth_date or p.bsn):
            self.match_panel.show_matches([], searched=False)
            return

        def done(matches: list[PersonMatch]) -> None:
            if seq == self._match_seq and self.person.chosen is None:  # the latest answer only
                self.match_panel.show_matches(matches)

        self._session.call(
            lambda r: persons.find_matches(
                r, p.family_name, p.prefix, p.given_names, p.birth_date, p.bsn, p.alias
            ),
            done,
            ignore_error,  # a failed look-up only means no suggestions
        )

    def choose_match(self, match: PersonMatch) -> None:
        self._session.call(lambda r: persons.person_summary(r, match.person_id), self._apply_person)

    def _apply_person(self, summary: PersonSummary | None) -> None:
        if summary is None:
            self.general_error.show_problem("Deze persoon staat niet (meer) in het register.")
            return
        self._match_seq += 1  # an answer still on its way is no longer wanted
        filling, self._filling = self._filling, True
        self.person.show_chosen(summary)
        self._filling = filling
        if self.municipality_combo.currentData() is None:
            index = self.municipality_combo.findData(summary.municipality_code)
            self.municipality_combo.setCurrentIndex(max(index, 0))
        self.match_panel.setEnabled(False)
        self._changed()

    def new_person(self) -> None:
        """Not the chosen one after all: type a new person (the text stays to edit)."""
        self.person.clear_chosen()
        self.match_panel.setEnabled(True)
        self._changed()
        self.look_for_matches()

    # --- drafts ------------------------------------------------------------------------------

    def draft_fields(self) -> dict[str, Any] | None:
        """What the draft keeps; None while nothing was typed or chosen."""
        if not self.has_content():
            return None
        chosen = self.person.chosen
        fields: dict[str, Any] = {**self.person.texts(), **self.reporter.fields()}
        fields.update(
            received_on=from_qdate(self.received_edit.date()).isoformat(),
            municipality_code=self.municipality_combo.currentData(),
            urgency=str(self.urgency_combo.currentData()),
            person_id=chosen.person_id if chosen else None,
            concerns=[str(c) for c in self.concerns()],
            description=self.description_edit.toPlainText(),
        )
        return fields

    def restore_fields(self, fields: dict[str, Any]) -> None:
        self._filling = True
        try:
            self.person.set_texts(fields)
            if received := fields.get("received_on"):
                self.received_edit.setDate(to_qdate(date.fromisoformat(str(received))))
            self._select(self.municipality_combo, fields.get("municipality_code"))
            self._select(self.urgency_combo, fields.get("urgency"))
            self.reporter.restore(fields)
            wanted = {str(c) for c in fields.get("concerns") or ()}
            for i in range(self.concern_list.count()):
                item = self.concern_list.item(i)
                checked = str(item.data(Qt.ItemDataRole.UserRole)) in wanted
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.description_edit.setPlainText(str(fields.get("description") or ""))
        finally:
            self._filling = False
        person_id = fields.get("person_id")
        if isinstance(person_id, int):
            self._session.call(lambda r: persons.person_summary(r, person_id), self._apply_person)
        else:
            self.look_for_matches()

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        if value and (index := combo.findData(str(value))) >= 0:
            combo.setCurrentIndex(index)

    def has_content(self) -> bool:
        """Has the user typed or chosen anything worth keeping?"""
        return bool(
            self.person.chosen is not None
            or self.person.has_text()
            or self.reporter.has_text()
            or self.concerns()
            or self.description_edit.toPlainText().strip()
        )

    def save_draft(self) -> None:
        """Keep the form inside the register now (the keeper does so as the user types)."""
        self.drafts.save()

    # --- saving and closing ------------------------------------------------------------------

    def save(self) -> None:
        if self._saving or self._done:
            return
        self._touched.update(self.errors)
        problems = self._revalidate()
        if problems:
            self._focus_problem(min(problems, key=lambda n: FORM_ORDER.index(n)))
            return
        report = self.report_input()
        self.match_timer.stop()
        self.general_error.show_problem(None)
        self._saving = True
        self.setEnabled(False)

        def job(register: Register) -> tuple[RecordedReport, str]:
            recorded = record_report(register, report)
            number = persons.case_number(register, recorded.case_id) if recorded.case_id else ""
            return recorded, number

        self._session.call(self.drafts.with_discard(job), self._saved, self._save_failed)

    def _focus_problem(self, name: str) -> None:
        widget: QWidget = (
            {
                "municipality_code": self.municipality_combo,
                "reporter_kind": self.reporter.kind_combo,
                "concerns": self.concern_list,
                "description": self.description_edit,
            }.get(name)
            or self.person.edits.get(name)
            or self.received_edit
        )
        widget.setFocus()

    def _saved(self, result: tuple[RecordedReport, str]) -> None:
        recorded, number = result
        self._saving = False
        self._done = True
        self.drafts.finish()
        self.saved_report_id = recorded.report_id
        self.saved_case_id = recorded.case_id
        self._session.data_changed.emit(Topic.CASES)
        self.setEnabled(True)
        if self.closing_for_lock:
            return  # saved just before the screen locked: triage can be done from the list
        if recorded.case_id is not None:
            messages.info(self, "Melding opgeslagen", JOINED_CASE.format(number=number))
            self.accept()
            return
        # Not part of an open case: triage now (or "Later beoordelen").
        self.triage_dialog = TriageDialog(self._session, recorded.report_id, self)
        self.triage_dialog.finished.connect(self._triage_finished)
        self.triage_dialog.open()

    def _triage_finished(self, _result: int) -> None:
        if self.triage_dialog is not None:
            self.saved_case_id = self.triage_dialog.case_id
            if self.triage_dialog.closing_for_lock:
                self.close_for_lock()  # no case is opened behind the lock screen
                return
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.setEnabled(True)
        if isinstance(exc, FieldProblems):
            problems = dict(exc.problems)
            if "person" in problems:
                problems["family_name"] = problems.pop("person")
            for name, text in problems.items():
                (self.errors.get(name) or self.general_error).show_problem(text)
        elif isinstance(exc, InvalidInput):
            self.general_error.show_problem(exc.message)
        else:
            show_error(exc)

    def reject(self) -> None:
        """Esc, Annuleren or the window's close: ask first when something was typed.

        When the screen locks (close_for_lock) nothing is asked: the draft is handed to the
        worker now, before the lock job, so it lands in the register first.
        """
        self.match_timer.stop()
        if self.closing_for_lock:
            self.drafts.keep_for_lock()
            self._done = True
            super().reject()
            return
        if self._saving:
            return
        if not self._done:
            if self.has_content() and not messages.confirm(
                self, "Melding niet opslaan?", DISCARD_QUESTION
            ):
                return
            self.drafts.discard()
        self.drafts.finish()
        self._done = True
        super().reject()
