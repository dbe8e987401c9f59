"""Nieuwe melding: date, municipality, the person, the reporter, concerns, description.

The fields and their value are the form's (intake_form.py, from the sections in widgets/);
who the person may be is looked up by intake_matching.py: choosing a match adds the report
to that person and to their open case. Problems show on the field as the user leaves it.
The form is kept as a draft inside the register while it is typed (DraftKeeper), so a
crash or a lock loses nothing; a real save or an explicit "stop without saving" discards
the draft. After saving, a report that did not join an open case goes to triage.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework import persons, reference_data
from bemoeizorg.casework.drafts import DraftData, DraftKind
from bemoeizorg.casework.intake import (
    BsnTaken,
    FieldProblems,
    RecordedReport,
    record_report,
)
from bemoeizorg.casework.persons import PersonSummary
from bemoeizorg.domain.formats import stored_moment_text
from bemoeizorg.domain.identity import bsn_problem
from bemoeizorg.domain.vocabulary import Concern
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register
from bemoeizorg.ui import messages, style
from bemoeizorg.ui.dialog_host import LockableDialog
from bemoeizorg.ui.dialogs.intake_form import IntakeForm
from bemoeizorg.ui.dialogs.intake_matching import PersonMatching
from bemoeizorg.ui.dialogs.triage_dialog import TriageDialog
from bemoeizorg.ui.draft_keeper import DraftKeeper
from bemoeizorg.ui.jobs import ignore_error, show_error
from bemoeizorg.ui.register_session import RegisterSession, Topic
from bemoeizorg.ui.widgets.field_error import FieldError

DRAFT_DELAY_MS = 2000
JOINED_CASE = "Toegevoegd aan casus {number}."
NOT_IN_REGISTER = "Deze persoon staat niet (meer) in het register."
RESTORED = (
    "Dit is de melding die u eerder begon (bewaard op {when}). Opslaan of Annuleren ruimt "
    "het concept op."
)
DISCARD_QUESTION = (
    "U heeft al iets ingevuld. Stoppen zonder op te slaan? Wat u typte wordt dan niet bewaard."
)
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
        self._saving = False
        self._done = False  # saved, or closed: no more drafts
        self._filling = False  # restoring a draft: not a change by the user
        self.saved_case_id: int | None = None
        self.saved_report_id: int | None = None
        self.triage_dialog: TriageDialog | None = None
        self.setWindowTitle("Nieuwe melding")

        self._build_form()
        self._build_layout()
        self.matching = PersonMatching(session, self.person, self.match_panel, self)
        self.match_timer = self.matching.timer
        self.drafts = DraftKeeper(
            session, self, DraftKind.MELDING, delay_ms=DRAFT_DELAY_MS, parent=self
        )
        self.draft_timer = self.drafts.timer
        self._connect_fields()
        # Without the team's own municipalities first, the list still holds them all.
        self._session.call(
            reference_data.covered_municipalities,
            lambda covered: self.report.fill_municipalities(
                covered, self._session.settings.last_municipality
            ),
            ignore_error,
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

    def _build_form(self) -> None:
        self.form = IntakeForm()
        f = self.form
        # The sections and fields by their own names: the dialog's code and tests reach them.
        self.report, self.person, self.reporter = f.report, f.person, f.reporter
        self.match_panel, self.concern_fields, self.errors = f.match_panel, f.concerns, f.errors
        self.received_edit = f.report.received_edit
        self.municipality_combo = f.report.municipality_combo
        self.urgency_combo = f.report.urgency_combo
        self.concern_list = f.concerns.concern_list
        self.description_edit = f.concerns.description_edit
        self.general_error = FieldError()
        self.general_error.setObjectName("general_error")

    def _build_layout(self) -> None:
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
        layout.addWidget(self.form, 1)
        layout.addLayout(footer)
        self.resize(1100, 800)
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        # Enter moves on like Tab and never saves half a form: only Ctrl+Enter saves.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        chain = [*self.form.tab_chain(), self.save_button, self.cancel_button]
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
        for section in (self.report, self.concern_fields):
            section.changed.connect(self._changed)
            section.touched.connect(self._touch)
        self.matching.person_read.connect(self._apply_person)
        self.person.new_person_button.clicked.connect(self.new_person)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)

    # --- the form's value --------------------------------------------------------------------

    def concerns(self) -> tuple[Concern, ...]:
        return self.concern_fields.concerns()

    def has_content(self) -> bool:
        return self.form.has_content()

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
        problems = self.form.problems()
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
        self.matching.look()

    def _apply_person(self, summary: PersonSummary | None) -> None:
        if summary is None:
            self.general_error.show_problem(NOT_IN_REGISTER)
            return
        filling, self._filling = self._filling, True
        self.person.show_chosen(summary)
        self._filling = filling
        self.report.choose_municipality_if_none(summary.municipality_code)
        self._changed()

    def new_person(self) -> None:
        """Not the chosen one after all: type a new person (the text stays to edit)."""
        self.matching.start_again()
        self._changed()
        self.matching.look()

    # --- drafts ------------------------------------------------------------------------------

    def draft_fields(self) -> dict[str, Any] | None:
        """What the draft keeps; None while nothing was typed or chosen."""
        return self.form.fields() if self.has_content() else None

    def restore_fields(self, fields: dict[str, Any]) -> None:
        self._filling = True
        try:
            self.form.restore(fields)
        finally:
            self._filling = False
        person_id = fields.get("person_id")
        if isinstance(person_id, int):
            self.matching.read_person(person_id)
        else:
            self.look_for_matches()

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
        report = self.form.value()
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
        self.form.field_for(name).setFocus()

    def _saved(self, result: tuple[RecordedReport, str]) -> None:
        recorded, number = result
        self._saving = False
        self._done = True
        self.drafts.finish()
        self.saved_report_id = recorded.report_id
        self.saved_case_id = recorded.case_id
        self._session.data_changed.emit(Topic.CASES)
        # The next melding starts at this municipality (issue 14): a habit, no case data.
        self._session.settings.last_municipality = self.report.municipality_code()
        self._session.save_settings()
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
        if isinstance(exc, BsnTaken):
            self.matching.look()  # show the person with this BSN, ready to choose
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
