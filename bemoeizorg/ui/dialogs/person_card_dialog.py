"""The person card (persoonskaart): the person's details as at intake, to read and, for a
teamleider or the case owner of one of their cases, to correct; beside them every case and
melding about this person, past and present. A melding opens read back (double-click or
Enter).

Reading the card is logged as a view, each correction as one change naming the fields
(casework.person_card). The window title names the case it was opened from, never the
person. The register keeps no earlier values of a corrected field.

"Inzageverzoek (AVG)…" (teamleider only; disabled with the reason for anyone else) makes
the PDF of everything the register holds about this person (exports.inzage), after a
confirmation and a save-file dialog, on the worker; it is logged as an export. The card
shows the persoonsnummer that `bemoeizorg inzage --person` takes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework.person_card import PersonCard, change_person, read_person_card
from bemoeizorg.domain import formats
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.intake import PersonInput
from bemoeizorg.domain.municipalities import MUNICIPALITIES
from bemoeizorg.domain.people import Role
from bemoeizorg.exports.inzage import InzageWritten, write_inzage
from bemoeizorg.exports.inzage_pages import WHAT as INZAGE_WHAT
from bemoeizorg.store.access_log import code_line
from bemoeizorg.ui import messages, style
from bemoeizorg.ui.dialog_host import DialogHost
from bemoeizorg.ui.dialogs.form_dialog import FormDialog, Job, store_call
from bemoeizorg.ui.dialogs.report_view_dialog import ReportViewDialog
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.models.person_case_model import PersonCaseColumn, PersonCaseModel
from bemoeizorg.ui.models.person_report_model import PersonReportColumn, PersonReportModel
from bemoeizorg.ui.models.row_table import SortProxy
from bemoeizorg.ui.register_session import RegisterSession, Topic
from bemoeizorg.ui.teamleider_only import allow, is_lead
from bemoeizorg.ui.widgets.field_error import FieldError, with_error
from bemoeizorg.ui.widgets.person_fields import PersonFields
from bemoeizorg.ui.widgets.table_view import TableView

TITLE = "Persoonskaart: casus {number}"
TITLE_NO_CASE = "Persoonskaart"
LOADING = "De persoonskaart wordt geopend…"
MAY_EDIT = (
    "Corrigeer wat niet klopt en kies Opslaan. In het logboek komt welke velden u wijzigde, "
    "niet wat erin stond."
)
READ_ONLY = (
    "Alleen een teamleider of de dossierhouder van een casus van deze persoon kan deze "
    "gegevens wijzigen."
)
MUNICIPALITY_PROBLEM = "Kies de gemeente waar de persoon woont of verblijft."
CASES_TITLE = "Casussen"
REPORTS_TITLE = "Meldingen"
REPORTS_HINT = "Dubbelklik op een melding (of Enter) om hem te lezen."
NO_CASES = "Geen casus: geen melding over deze persoon is (nog) opgepakt."
NO_REPORTS = "Geen meldingen."
INZAGE_BUTTON = "Inzageverzoek (AVG)…"
INZAGE_TIP = "Een PDF van alles wat het register over deze persoon bewaart (art. 15 AVG)."
INZAGE_TITLE = "Inzageverzoek (AVG)"
INZAGE_CONFIRM = (
    "U maakt een PDF van alles wat het register over deze persoon bewaart, voor een "
    "inzageverzoek (art. 15 AVG). De melder staat er alleen met de soort melder in, zonder "
    "naam of organisatie. Het bestand komt als export in het logboek. Geef het alleen aan de "
    "persoon zelf, na controle van de identiteit. Doorgaan?"
)
INZAGE_SAVE = "Inzage opslaan"
PDF_FILTER = "PDF-bestand (*.pdf)"
INZAGE_MADE_TITLE = "Inzage gemaakt"
INZAGE_MADE = "De inzage staat in {name}. Hij staat als export in het logboek. {code}"


def _bold(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(style.bold())
    return label


def _table(model: PersonCaseModel | PersonReportModel, empty: str, name: str) -> TableView:
    proxy = SortProxy(model)
    proxy.setSourceModel(model)
    table = TableView(empty)
    table.setObjectName(name)
    table.setModel(proxy)
    return table


class PersonCardDialog(FormDialog):
    def __init__(
        self,
        session: RegisterSession,
        dialogs: DialogHost,
        person_id: int,
        *,
        from_case_id: int | None = None,
        case_number: str = "",
        parent: QWidget | None = None,
    ) -> None:
        title = TITLE.format(number=case_number) if case_number else TITLE_NO_CASE
        super().__init__(session, title, intro=LOADING, parent=parent)
        self._dialogs = dialogs
        self._person_id = person_id
        self._from_case_id = from_case_id
        self.card: PersonCard | None = None
        self.save_button.setEnabled(False)  # until the card is read

        self.person = PersonFields()
        self.person.setTitle("Persoonsgegevens")
        self.municipality_combo = QComboBox()
        self.municipality_combo.setObjectName("person_municipality")
        for municipality in sorted(MUNICIPALITIES, key=lambda m: m.name):
            self.municipality_combo.addItem(municipality.name, municipality.code)
        self.municipality_combo.setCurrentIndex(-1)
        # The person's fields report their problems under themselves, like the form's own.
        self.errors.update(self.person.errors)
        self._fields.update({name: self.person.edits[name] for name in self.person.errors})
        municipality_error = FieldError()
        municipality_error.setObjectName("municipality_code_error")
        self.errors["municipality_code"] = municipality_error
        self._fields["municipality_code"] = self.municipality_combo
        where = QFormLayout()
        where.addRow("Woongemeente", with_error(self.municipality_combo, municipality_error))
        # The number `bemoeizorg inzage --person` takes: the person's number in the register.
        self.person_number = QLabel(str(person_id))
        self.person_number.setObjectName("person_number")
        self.person_number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.addRow("Persoonsnummer", self.person_number)

        self.case_model = PersonCaseModel(self)
        self.cases_table = _table(self.case_model, NO_CASES, "person_cases")
        self.cases_table.sortByColumn(PersonCaseColumn.OPENED, Qt.SortOrder.DescendingOrder)
        self.cases_table.fit_columns({PersonCaseColumn.STATE})
        self.report_model = PersonReportModel(self)
        self.reports_table = _table(self.report_model, NO_REPORTS, "person_reports")
        self.reports_table.sortByColumn(PersonReportColumn.RECEIVED, Qt.SortOrder.DescendingOrder)
        self.reports_table.fit_columns({PersonReportColumn.CONCERNS})
        self.reports_table.activated.connect(self._report_activated)
        reports_hint = QLabel(REPORTS_HINT)
        reports_hint.setStyleSheet(style.muted_text())

        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.person)
        left.addLayout(where)
        # About this person, not a way to close the card: beside the details, not among
        # Opslaan and Annuleren.
        self.inzage_button = QPushButton(INZAGE_BUTTON)
        self.inzage_button.setObjectName("inzage_button")
        self.inzage_button.setAutoDefault(False)
        self.inzage_button.setEnabled(False)  # until the role is known
        self.inzage_button.clicked.connect(self.ask_inzage)
        inzage_row = QHBoxLayout()
        inzage_row.addWidget(self.inzage_button)
        inzage_row.addStretch(1)
        left.addSpacing(8)
        left.addLayout(inzage_row)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(_bold(CASES_TITLE))
        right.addWidget(self.cases_table, 1)
        right.addWidget(_bold(REPORTS_TITLE))
        right.addWidget(self.reports_table, 1)
        right.addWidget(reports_hint)
        columns = QWidget()
        row = QHBoxLayout(columns)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(left, 0)
        row.addSpacing(12)
        row.addLayout(right, 1)
        self.form.addRow(columns)
        self.setMinimumWidth(1120)
        self.setMinimumHeight(560)

        self._session.call(
            lambda r: read_person_card(r, person_id, from_case_id), self._loaded, self._failed_read
        )
        self._session.call(lambda r: r.role(), self._role_known)

    # --- reading -------------------------------------------------------------------------

    def _loaded(self, card: PersonCard) -> None:
        if not self.is_alive():
            return  # closed (a lock) while the worker read
        self.card = card
        p = card.person
        self.person.set_texts(
            {
                "family_name": p.family_name,
                "prefix": p.prefix,
                "given_names": p.given_names,
                "alias": p.alias,
                "birth_date": date_text(p.birth_date),
                "age": ""
                if p.birth_date is not None or p.birth_year_estimate is None
                else formats.today().year - p.birth_year_estimate,
                "address": p.address,
                "postcode": p.postcode,
                "city": p.city,
                "bsn": p.bsn,
            }
        )
        self.municipality_combo.setCurrentIndex(
            self.municipality_combo.findData(p.municipality_code)
        )
        self.case_model.set_rows(card.cases)
        self.report_model.set_rows(card.reports)
        self.intro.setText(MAY_EDIT if card.may_edit else READ_ONLY)
        self.intro.setStyleSheet("" if card.may_edit else style.muted_text())
        self._set_editable(card.may_edit)
        if card.may_edit:
            self.person.family_edit.setFocus()

    def _role_known(self, role: Role) -> None:
        if self.is_alive():
            allow(self.inzage_button, is_lead(role), INZAGE_WHAT, INZAGE_TIP)

    def _set_editable(self, editable: bool) -> None:
        for edit in self.person.edits.values():
            edit.setReadOnly(not editable)
            edit.style().unpolish(edit)  # the style sheet reads readOnly: apply it again
            edit.style().polish(edit)
        self.municipality_combo.setEnabled(editable)
        self.save_button.setEnabled(editable)
        self.save_button.setVisible(editable)
        self.cancel_button.setText("Annuleren" if editable else "Sluiten")

    def _failed_read(self, exc: BaseException) -> None:
        if self.is_alive():
            self.reject()
        show_error(exc)

    # --- a melding -----------------------------------------------------------------------

    def _report_activated(self, index: QModelIndex) -> None:
        proxy = self.reports_table.model()
        if isinstance(proxy, SortProxy):
            report = proxy.value_at(index.row())
            self.open_report(report.report_id, report.case_number)

    def open_report(self, report_id: int, case_number: str = "") -> ReportViewDialog:
        dialog = ReportViewDialog(
            self._session,
            report_id,
            case_number=case_number,
            show_person_button=False,  # this card is that person's
            parent=self,
        )
        return self._dialogs.open(dialog)

    # --- an inzageverzoek ----------------------------------------------------------------

    def ask_inzage(self) -> None:
        """Confirm, choose the file (a neutral name), then make it on the worker."""
        if not self.inzage_button.isEnabled():
            return
        if not messages.confirm(self, INZAGE_TITLE, INZAGE_CONFIRM):
            return
        suggested = Path.home() / f"Inzage-{formats.today().isoformat()}.pdf"
        name, _filter = QFileDialog.getSaveFileName(self, INZAGE_SAVE, str(suggested), PDF_FILTER)
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self.make_inzage(path)

    def make_inzage(self, path: Path) -> None:
        person_id = self._person_id
        self.inzage_button.setEnabled(False)
        self._session.call(
            lambda r: write_inzage(r, person_id, path), self._inzage_written, self._inzage_failed
        )

    def _inzage_written(self, written: InzageWritten) -> None:
        self._session.data_changed.emit(Topic.LOG)
        if not self.is_alive():
            return
        self.inzage_button.setEnabled(True)
        messages.info(
            self,
            INZAGE_MADE_TITLE,
            INZAGE_MADE.format(name=written.path.name, code=code_line(written.control_code)),
        )

    def _inzage_failed(self, exc: BaseException) -> None:
        if self.is_alive():
            self.inzage_button.setEnabled(True)
        show_error(exc)

    # --- saving --------------------------------------------------------------------------

    def value(self) -> PersonInput:
        return self.person.value(str(self.municipality_combo.currentData() or ""))

    def problems(self) -> dict[str, str]:
        problems = dict(self.person.problems())
        if self.municipality_combo.currentData() is None:
            problems["municipality_code"] = MUNICIPALITY_PROBLEM
        return problems

    def show_problems(self, problems: dict[str, str]) -> None:
        # An estimated age is typed beside the birth date: its problem goes under that row.
        if "birth_year_estimate" in problems and "birth_date" not in problems:
            problems = dict(problems)
            problems["birth_date"] = problems.pop("birth_year_estimate")
        super().show_problems(problems)

    def job(self) -> Job:
        return store_call(change_person, self._person_id, self.value(), self._from_case_id)
