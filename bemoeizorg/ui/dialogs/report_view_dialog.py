"""A melding read back: all that was recorded at intake and triage (reading it is logged).

The reporter's name, organisation and contact sit in a panel of their own, behind the
button "Contactgegevens melder inzien": only the case owner and team leads get the button
(casework refuses anyone else as well), and each reading is logged. The window title names
the case number, never the person (it shows in task bars and on a shared screen).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from bemoeizorg.casework.report_reading import (
    ReporterDetails,
    ReportRecord,
    read_report,
    read_reporter,
)
from bemoeizorg.domain.formats import date_text, stored_moment_text
from bemoeizorg.domain.vocabulary import TriageDecision
from bemoeizorg.ui import style
from bemoeizorg.ui.dialog_host import LockableDialog
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.register_session import RegisterSession

TITLE = "Melding: casus {number}"
TITLE_NO_CASE = "Melding"
LOADING = "Melding wordt geopend…"
HEADING = "Melding van {date}"
RECORDED = "{by}, {moment}"
TRIAGED = "{decision} op {date}"
TRIAGED_BY = "{decision} op {date} door {by}"
TRIAGE_OPEN = "Nog niet beoordeeld"
NO_DESCRIPTION = "(geen beschrijving)"
NO_CASE = "geen (niet opgepakt of nog niet beoordeeld)"
REPORTER_TITLE = "Melder"
SHOW_REPORTER = "Contactgegevens melder inzien"
REPORTER_HINT = "Het inzien wordt vastgelegd in het logboek."
REPORTER_REFUSED = (
    "Alleen de dossierhouder van de casus en een teamleider kunnen de contactgegevens van "
    "de melder inzien."
)
ANONYMOUS = "De melder wilde anoniem blijven: er zijn geen gegevens vastgelegd."
EMPTY = "(niet ingevuld)"
PERSON_CARD = "&Persoonskaart…"


def triage_text(record: ReportRecord) -> str:
    if record.triage is TriageDecision.OPEN or record.triaged_on is None:
        return TRIAGE_OPEN
    values = {"decision": record.triage.label, "date": date_text(record.triaged_on)}
    if record.triaged_by:
        return TRIAGED_BY.format(by=record.triaged_by, **values)
    return TRIAGED.format(**values)


def _value() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ReportViewDialog(LockableDialog):
    person_card_requested = Signal(int)  # the person's id: open their card

    def __init__(
        self,
        session: RegisterSession,
        report_id: int,
        *,
        case_number: str = "",
        show_person_button: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._report_id = report_id
        self.record: ReportRecord | None = None
        self.reporter: ReporterDetails | None = None
        self.setWindowTitle(TITLE.format(number=case_number) if case_number else TITLE_NO_CASE)

        self.heading = QLabel(LOADING)
        self.heading.setStyleSheet(style.title(style.HEADER_SIZE))
        self.received_label = _value()
        self.municipality_label = _value()
        self.kind_label = _value()
        self.concerns_label = _value()
        self.urgency_label = _value()
        self.description_edit = QPlainTextEdit()
        self.description_edit.setReadOnly(True)
        self.description_edit.setMinimumHeight(self.fontMetrics().height() * 6)
        self.triage_label = _value()
        self.triage_note_label = _value()
        self.case_label = _value()
        self.recorded_label = _value()
        for name, label in {
            "received": self.received_label,
            "municipality": self.municipality_label,
            "reporter_kind": self.kind_label,
            "concerns": self.concerns_label,
            "urgency": self.urgency_label,
            "triage": self.triage_label,
            "triage_note": self.triage_note_label,
            "case": self.case_label,
            "recorded": self.recorded_label,
        }.items():
            label.setObjectName(f"report_{name}")
        self.description_edit.setObjectName("report_description")

        form = QFormLayout()
        form.addRow("Ontvangen op", self.received_label)
        form.addRow("Gemeente", self.municipality_label)
        form.addRow("Soort melder", self.kind_label)
        form.addRow("Zorgen", self.concerns_label)
        form.addRow("Urgentie", self.urgency_label)
        form.addRow("Beschrijving", self.description_edit)
        form.addRow("Beoordeling", self.triage_label)
        self.triage_note_caption = QLabel("Advies of verwezen naar")
        form.addRow(self.triage_note_caption, self.triage_note_label)
        form.addRow("Casus", self.case_label)
        form.addRow("Vastgelegd door", self.recorded_label)

        self._init_reporter_box()
        self.person_button = QPushButton(PERSON_CARD)
        self.person_button.setToolTip("De gegevens van de persoon over wie de melding gaat")
        self.person_button.setEnabled(False)
        self.person_button.clicked.connect(self._person_card)
        self.buttons = QDialogButtonBox()
        self.close_button = self.buttons.addButton(
            "Sluiten", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.buttons.addButton(self.person_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.person_button.setVisible(show_person_button)  # after adding: that shows it
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form, 1)
        layout.addWidget(self.reporter_box)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._session.call(lambda r: read_report(r, report_id), self._loaded, self._failed)

    def _init_reporter_box(self) -> None:
        self.reporter_box = QGroupBox(REPORTER_TITLE)
        self.reporter_box.setObjectName("reporter_box")
        self.show_reporter_button = QPushButton(SHOW_REPORTER)
        self.show_reporter_button.setEnabled(False)
        self.show_reporter_button.clicked.connect(self.show_reporter)
        self.reporter_note = QLabel(REPORTER_HINT)
        self.reporter_note.setWordWrap(True)
        self.reporter_note.setStyleSheet(style.muted_text())
        self.reporter_organisation = _value()
        self.reporter_name = _value()
        self.reporter_contact = _value()
        self.reporter_organisation.setObjectName("reporter_organisation")
        self.reporter_name.setObjectName("reporter_name")
        self.reporter_contact.setObjectName("reporter_contact")
        self.reporter_details = QWidget()
        details = QFormLayout(self.reporter_details)
        details.setContentsMargins(0, 0, 0, 0)
        details.addRow("Organisatie", self.reporter_organisation)
        details.addRow("Naam", self.reporter_name)
        details.addRow("Contact", self.reporter_contact)
        self.reporter_details.hide()
        box = QVBoxLayout(self.reporter_box)
        box.addWidget(self.show_reporter_button, 0, Qt.AlignmentFlag.AlignLeft)
        box.addWidget(self.reporter_note)
        box.addWidget(self.reporter_details)

    # --- the melding ---------------------------------------------------------------------

    def _loaded(self, record: ReportRecord) -> None:
        if not isValid(self):
            return  # closed (a lock) while the worker read
        self.record = record
        if record.case_number:
            self.setWindowTitle(TITLE.format(number=record.case_number))
        self.heading.setText(HEADING.format(date=date_text(record.received_on)))
        self.received_label.setText(date_text(record.received_on))
        self.municipality_label.setText(record.municipality)
        self.kind_label.setText(record.reporter_kind.label)
        self.concerns_label.setText(", ".join(c.label for c in record.concerns))
        self.urgency_label.setText(record.urgency.label)
        self.description_edit.setPlainText(record.description or NO_DESCRIPTION)
        self.triage_label.setText(triage_text(record))
        has_note = bool(record.triage_note.strip())
        self.triage_note_label.setText(record.triage_note)
        self.triage_note_label.setVisible(has_note)
        self.triage_note_caption.setVisible(has_note)
        self.case_label.setText(record.case_number or NO_CASE)
        self.recorded_label.setText(
            RECORDED.format(by=record.recorded_by, moment=stored_moment_text(record.recorded_at))
        )
        self.show_reporter_button.setEnabled(record.may_see_reporter)
        self.show_reporter_button.setVisible(record.may_see_reporter)
        self.reporter_note.setText(REPORTER_HINT if record.may_see_reporter else REPORTER_REFUSED)
        self.person_button.setEnabled(True)

    def _failed(self, exc: BaseException) -> None:
        if isValid(self):
            self.reject()
        show_error(exc)

    # --- the reporter --------------------------------------------------------------------

    def show_reporter(self) -> None:
        """Read the reporter (casework checks who may, and logs the reading)."""
        if self.record is None or not self.record.may_see_reporter:
            return
        report_id = self._report_id
        self.show_reporter_button.setEnabled(False)
        self._session.call(
            lambda r: read_reporter(r, report_id), self._reporter_read, self._reporter_failed
        )

    def _reporter_read(self, reporter: ReporterDetails) -> None:
        if not isValid(self):
            return
        self.reporter = reporter
        self.show_reporter_button.hide()
        if reporter.anonymous:
            self.reporter_note.setText(ANONYMOUS)
            return
        self.reporter_note.hide()
        self.reporter_organisation.setText(reporter.organisation or EMPTY)
        self.reporter_name.setText(reporter.name or EMPTY)
        self.reporter_contact.setText(reporter.contact or EMPTY)
        self.reporter_details.show()

    def _reporter_failed(self, exc: BaseException) -> None:
        if isValid(self):
            self.show_reporter_button.setEnabled(True)
        show_error(exc)

    def _person_card(self) -> None:
        if self.record is not None:
            self.person_card_requested.emit(self.record.person_id)

    def reject(self) -> None:
        # What was shown of the reporter does not outlive the window.
        for label in (self.reporter_organisation, self.reporter_name, self.reporter_contact):
            label.clear()
        self.reporter = None
        super().reject()
