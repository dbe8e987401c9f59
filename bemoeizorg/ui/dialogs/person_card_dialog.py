"""The person card (persoonskaart): the person's details as at intake, to read and, for a
teamleider or the case owner of one of their cases, to correct; beside them every case and
melding about this person, past and present. A melding opens read back (double-click or
Enter).

Reading the card is logged as a view, each correction as one change naming the fields
(casework.person_card). The window title names the case it was opened from, never the
person. "Eerdere gegevens…" shows what corrected fields said before (logged as a view).

Contactpersonen: the network around the person (a GP, a sister), added, changed and removed
by whoever may correct the card, each a change in the log without a value; they stay in the
register (only the inzage shows them). After a save the status bar says so.

"Samenvoegen met…" (teamleider only) makes another entry of the same person part of this
one (casework.person_merge); "Samenvoegen ongedaan maken…" undoes the newest merge into this
person. A merged person's card says whom it was merged into and cannot be changed.

"Inzageverzoek (AVG)…" (teamleider only; disabled with the reason for anyone else) makes
the PDF of everything the register holds about this person (exports.inzage), after a
confirmation and a save-file dialog, on the worker; it is logged as an export. The card
shows the persoonsnummer that `bemoeizorg inzage --person` takes.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework.person_card import (
    PersonCard,
    PersonContactLine,
    change_person,
    read_person_card,
    remove_contact,
)
from bemoeizorg.casework.person_merge import WHAT as MERGE_WHAT
from bemoeizorg.casework.person_merge import WHAT_UNDO, MergeRecord, merges_into, undo_merge
from bemoeizorg.domain import formats
from bemoeizorg.domain.formats import date_text, stored_moment_text
from bemoeizorg.domain.intake import PersonInput
from bemoeizorg.domain.municipalities import MUNICIPALITIES
from bemoeizorg.domain.people import Role
from bemoeizorg.exports.inzage import InzageWritten, write_inzage
from bemoeizorg.exports.inzage_pages import WHAT as INZAGE_WHAT
from bemoeizorg.store.access_log import code_line
from bemoeizorg.ui import file_dialogs, messages, style
from bemoeizorg.ui.dialog_host import DialogHost
from bemoeizorg.ui.dialogs.form_dialog import FormDialog, Job, store_call
from bemoeizorg.ui.dialogs.person_contact_dialog import PersonContactDialog
from bemoeizorg.ui.dialogs.person_history_dialog import PersonHistoryDialog
from bemoeizorg.ui.dialogs.person_merge_dialog import PersonMergeDialog
from bemoeizorg.ui.dialogs.report_view_dialog import ReportViewDialog
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.models.person_case_model import PersonCaseColumn, PersonCaseModel
from bemoeizorg.ui.models.person_report_model import PersonReportColumn, PersonReportModel
from bemoeizorg.ui.models.row_table import RowTableModel, SortProxy
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
SAVED = "De persoonsgegevens zijn opgeslagen."
NOTHING_CHANGED = "Niets gewijzigd: de persoonsgegevens waren al zo."
HISTORY_BUTTON = "Eerdere gegevens…"
HISTORY_TIP = "Wat er in de persoonsgegevens stond voordat het werd gewijzigd."
HISTORY_NONE = "Nog niets gewijzigd: er zijn geen eerdere gegevens."
MERGE_BUTTON = "Samenvoegen met…"
MERGE_TIP = "Staat deze persoon twee keer in het register? Maak er één persoon van."
UNDO_BUTTON = "Samenvoegen ongedaan maken…"
UNDO_TIP = "Maak de laatste samenvoeging met deze persoon ongedaan."
UNDO_NONE = "Er is geen samenvoeging met deze persoon om ongedaan te maken."
UNDO_TITLE = "Samenvoegen ongedaan maken"
UNDO_CONFIRM = (
    "De samenvoeging van {when} ongedaan maken? Persoonsnummer {merged} komt terug als eigen "
    "persoon, met wat toen werd samengevoegd: {cases} casus(sen), {reports} melding(en) en "
    "{contacts} contactperso(o)n(en). Het komt in het logboek."
)
UNDONE = "De samenvoeging is ongedaan gemaakt."
MERGED_NOTICE = "De personen zijn samengevoegd. Ongedaan maken kan op deze kaart."
MERGED_INTO = (
    "Deze persoon is samengevoegd met persoonsnummer {number}: wijzig de gegevens daar. "
    "Een teamleider kan de samenvoeging daar ongedaan maken."
)
CONTACTS_TITLE = "Contactpersonen (netwerk)"
NO_CONTACTS = "Nog geen contactpersonen: voeg de huisarts, familie of anderen toe."
CONTACT_ADD = "Toevoegen…"
CONTACT_EDIT = "Wijzigen…"
CONTACT_REMOVE = "Verwijderen"
CONTACT_REMOVE_TITLE = "Contactpersoon verwijderen"
CONTACT_REMOVE_CONFIRM = "Deze contactpersoon verwijderen?"
CONTACT_SAVED = "De contactpersoon is opgeslagen."
CONTACT_REMOVED = "De contactpersoon is verwijderd."
CONTACTS_HINT = "Alleen in het register; nooit in een overlegpakket of export."


class ContactColumn(IntEnum):
    NAME = 0
    RELATION = 1
    PHONE = 2


class ContactModel(RowTableModel[PersonContactLine]):
    columns = ContactColumn
    headers = {
        ContactColumn.NAME: "Naam",
        ContactColumn.RELATION: "Relatie of rol",
        ContactColumn.PHONE: "Telefoon",
    }

    def display(self, item: PersonContactLine, column: Any) -> str:
        match column:
            case ContactColumn.NAME:
                return item.name
            case ContactColumn.RELATION:
                return item.relation
            case _:
                return item.phone

    def sort_key(self, item: PersonContactLine, column: Any) -> str | int:
        return self.display(item, column).casefold()

    def extra(self, item: PersonContactLine, column: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            rest = [t for t in (item.organisation, item.email, item.note) if t]
            return "\n".join([self.display(item, column), *rest]) or None
        return None


def _bold(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(style.bold())
    return label


def _side_button(text: str, name: str, slot: Any) -> QPushButton:
    """A button about this person beside the details, not one that closes the card."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAutoDefault(False)
    button.clicked.connect(slot)
    return button


def _table(
    model: PersonCaseModel | PersonReportModel | ContactModel, empty: str, name: str
) -> TableView:
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
        self._case_number = case_number
        self.card: PersonCard | None = None
        self.lead = False
        self.merges: tuple[MergeRecord, ...] = ()
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
        self.contact_model = ContactModel(self)
        self.contacts_table = _table(self.contact_model, NO_CONTACTS, "person_contacts")
        self.contacts_table.sortByColumn(ContactColumn.NAME, Qt.SortOrder.AscendingOrder)
        self.contacts_table.fit_columns({ContactColumn.NAME, ContactColumn.RELATION})
        self.contacts_table.activated.connect(lambda _index: self.edit_contact())
        self.contacts_table.selectionModel().selectionChanged.connect(self._contact_buttons)
        self.contact_add_button = _side_button(CONTACT_ADD, "contact_add", self.add_contact)
        self.contact_edit_button = _side_button(CONTACT_EDIT, "contact_edit", self.edit_contact)
        self.contact_remove_button = _side_button(
            CONTACT_REMOVE, "contact_remove", self.remove_contact
        )
        contact_row = QHBoxLayout()
        for button in (
            self.contact_add_button,
            self.contact_edit_button,
            self.contact_remove_button,
        ):
            contact_row.addWidget(button)
        contact_row.addStretch(1)
        contacts_hint = QLabel(CONTACTS_HINT)
        contacts_hint.setWordWrap(True)
        contacts_hint.setStyleSheet(style.muted_text())

        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.person)
        left.addLayout(where)
        # About this person, not a way to close the card: beside the details, not among
        # Opslaan and Annuleren.
        self.history_button = _side_button(HISTORY_BUTTON, "history_button", self.open_history)
        self.history_button.setToolTip(HISTORY_TIP)
        self.inzage_button = _side_button(INZAGE_BUTTON, "inzage_button", self.ask_inzage)
        self.inzage_button.setEnabled(False)  # until the role is known
        self.merge_button = _side_button(MERGE_BUTTON, "merge_button", self.open_merge)
        self.merge_button.setEnabled(False)  # until the role is known
        self.undo_merge_button = _side_button(UNDO_BUTTON, "undo_merge_button", self.ask_undo)
        self.undo_merge_button.setEnabled(False)  # until the merges are known
        about = QHBoxLayout()
        about.addWidget(self.history_button)
        about.addWidget(self.inzage_button)
        about.addStretch(1)
        merging = QHBoxLayout()
        merging.addWidget(self.merge_button)
        merging.addWidget(self.undo_merge_button)
        merging.addStretch(1)
        left.addSpacing(8)
        left.addLayout(about)
        left.addLayout(merging)
        # The network beside the details it belongs to; the cases and meldingen on the right.
        left.addSpacing(8)
        left.addWidget(_bold(CONTACTS_TITLE))
        left.addWidget(self.contacts_table, 1)
        left.addLayout(contact_row)
        left.addWidget(contacts_hint)
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
        self.setMinimumHeight(680)

        self.saved.connect(self._notice_saved)
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
        self.contact_model.set_rows(card.contacts)
        editable = card.may_edit and card.merged_into_id is None
        if card.merged_into_id is not None:
            self.intro.setText(MERGED_INTO.format(number=card.merged_into_id))
        else:
            self.intro.setText(MAY_EDIT if card.may_edit else READ_ONLY)
        self.intro.setStyleSheet("" if editable else style.muted_text())
        self._set_editable(editable)
        self.history_button.setText(
            HISTORY_BUTTON
            if not card.history_count
            else f"{HISTORY_BUTTON[:-1]} ({card.history_count})…"
        )
        self.history_button.setToolTip(HISTORY_TIP if card.history_count else HISTORY_NONE)
        self._merge_buttons()
        if editable:
            self.person.family_edit.setFocus()

    def _role_known(self, role: Role) -> None:
        if not self.is_alive():
            return
        self.lead = is_lead(role)
        allow(self.inzage_button, self.lead, INZAGE_WHAT, INZAGE_TIP)
        self._merge_buttons()
        if self.lead:
            person_id = self._person_id
            self._session.call(lambda r: merges_into(r, person_id), self._merges_known)

    def _merges_known(self, merges: tuple[MergeRecord, ...]) -> None:
        if self.is_alive():
            self.merges = merges
            self._merge_buttons()

    def _open_merge(self) -> MergeRecord | None:
        """The newest merge into this person not undone: the one "ongedaan maken" undoes."""
        return next((m for m in self.merges if not m.undone), None)

    def _merge_buttons(self) -> None:
        merged = self.card is not None and self.card.merged_into_id is not None
        allow(self.merge_button, self.lead, MERGE_WHAT, MERGE_TIP)
        allow(self.undo_merge_button, self.lead, WHAT_UNDO, UNDO_TIP)
        if self.lead:
            self.merge_button.setEnabled(self.card is not None and not merged)
            can_undo = self._open_merge() is not None and not merged
            self.undo_merge_button.setEnabled(can_undo)
            self.undo_merge_button.setToolTip(UNDO_TIP if can_undo else UNDO_NONE)

    def reload(self) -> None:
        """Read the card again (after a merge or its undo): a view in the log, as opening."""
        person_id, from_case_id = self._person_id, self._from_case_id
        self._session.call(
            lambda r: read_person_card(r, person_id, from_case_id), self._loaded, show_error
        )
        if self.lead:
            self._session.call(lambda r: merges_into(r, person_id), self._merges_known)

    def _set_editable(self, editable: bool) -> None:
        for edit in self.person.edits.values():
            edit.setReadOnly(not editable)
            edit.style().unpolish(edit)  # the style sheet reads readOnly: apply it again
            edit.style().polish(edit)
        self.municipality_combo.setEnabled(editable)
        self.contact_add_button.setEnabled(editable)
        self._contact_buttons()
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
        suggested = f"Inzage-{formats.today().isoformat()}.pdf"  # in the last folder used
        path = file_dialogs.save_file(
            self, self._session, INZAGE_SAVE, suggested, PDF_FILTER, suffix=".pdf"
        )
        if path is None:
            return
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

    # --- earlier values --------------------------------------------------------------------

    def open_history(self) -> PersonHistoryDialog:
        dialog = PersonHistoryDialog(
            self._session,
            self._person_id,
            from_case_id=self._from_case_id,
            case_number=self._case_number,
            parent=self,
        )
        return self._dialogs.open(dialog)

    # --- contact persons -----------------------------------------------------------------

    def _editable(self) -> bool:
        return self.card is not None and self.card.may_edit and self.card.merged_into_id is None

    def selected_contact(self) -> PersonContactLine | None:
        value = self.contacts_table.selected_value()
        return value if isinstance(value, PersonContactLine) else None

    def _contact_buttons(self, *_args: object) -> None:
        chosen = self._editable() and self.selected_contact() is not None
        self.contact_edit_button.setEnabled(chosen)
        self.contact_remove_button.setEnabled(chosen)

    def add_contact(self) -> PersonContactDialog | None:
        return self._contact_dialog(None)

    def edit_contact(self) -> PersonContactDialog | None:
        contact = self.selected_contact()
        return self._contact_dialog(contact) if contact is not None else None

    def _contact_dialog(self, contact: PersonContactLine | None) -> PersonContactDialog | None:
        if not self._editable():
            return None
        dialog = PersonContactDialog(
            self._session,
            self._person_id,
            contact,
            from_case_id=self._from_case_id,
            parent=self,
        )
        dialog.saved.connect(lambda contact_id: self._contact_saved(dialog, contact_id))
        return self._dialogs.open(dialog)

    def _contact_saved(self, dialog: PersonContactDialog, contact_id: object) -> None:
        # Shown from what was typed, not read again: a reading would be one more view.
        typed = dialog.value()
        line = PersonContactLine(
            contact_id=int(str(contact_id)),
            name=typed.name.strip(),
            relation=typed.relation.strip(),
            phone=typed.phone.strip(),
            organisation=typed.organisation.strip(),
            email=typed.email.strip(),
            note=typed.note.strip(),
        )
        rows = [c for c in self.contact_model.rows() if c.contact_id != line.contact_id]
        self.contact_model.set_rows(sorted([*rows, line], key=lambda c: c.name.casefold()))
        self._contact_buttons()
        messages.notice(self, CONTACT_SAVED)

    def remove_contact(self) -> None:
        contact = self.selected_contact()
        if contact is None or not self._editable():
            return
        if not messages.confirm(self, CONTACT_REMOVE_TITLE, CONTACT_REMOVE_CONFIRM):
            return
        person_id, from_case_id = self._person_id, self._from_case_id
        self._session.call(
            lambda r: remove_contact(r, person_id, contact.contact_id, from_case_id),
            lambda _none: self._contact_removed(contact.contact_id),
        )

    def _contact_removed(self, contact_id: int) -> None:
        if not self.is_alive():
            return
        self.contact_model.set_rows(
            [c for c in self.contact_model.rows() if c.contact_id != contact_id]
        )
        self._contact_buttons()
        messages.notice(self, CONTACT_REMOVED)

    # --- merging -------------------------------------------------------------------------

    def open_merge(self) -> PersonMergeDialog | None:
        if not self.merge_button.isEnabled():
            return None
        dialog = PersonMergeDialog(self._session, self._person_id, parent=self)
        dialog.saved.connect(self._merged)
        return self._dialogs.open(dialog)

    def _merged(self, _record: object) -> None:
        self._session.data_changed.emit(Topic.CASES)
        if self.is_alive():
            messages.notice(self, MERGED_NOTICE)
            self.reload()

    def ask_undo(self) -> None:
        merge = self._open_merge()
        if merge is None or not self.undo_merge_button.isEnabled():
            return
        text = UNDO_CONFIRM.format(
            when=stored_moment_text(merge.merged_at),
            merged=merge.merged_id,
            cases=merge.cases,
            reports=merge.reports,
            contacts=merge.contacts,
        )
        if not messages.confirm(self, UNDO_TITLE, text):
            return
        self.undo_merge_button.setEnabled(False)
        merge_id = merge.merge_id
        self._session.call(lambda r: undo_merge(r, merge_id), self._undone, self._undo_failed)

    def _undone(self, _record: MergeRecord) -> None:
        self._session.data_changed.emit(Topic.CASES)
        if self.is_alive():
            messages.notice(self, UNDONE)
            self.reload()

    def _undo_failed(self, exc: BaseException) -> None:
        if self.is_alive():
            self._merge_buttons()
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

    def _notice_saved(self, changed: object) -> None:
        # The card closes on saving: the window under it says so in the status bar.
        messages.notice(self.parentWidget() or self, SAVED if changed else NOTHING_CHANGED)

    def job(self) -> Job:
        return store_call(change_person, self._person_id, self.value(), self._from_case_id)
