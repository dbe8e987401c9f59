"""Aanspreekpunt toevoegen of wijzigen: one municipality's contact person for a period.

Problems show under the field they concern as soon as the user leaves that field, and
clear as soon as they are fixed; dates are typed or chosen in a DateField, empty for no
begin or end date.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from bemoeizorg.casework import reference_data
from bemoeizorg.domain import formats
from bemoeizorg.domain.municipalities import MUNICIPALITIES, Subregion
from bemoeizorg.domain.team import ContactPointData
from bemoeizorg.domain.validation import contact_point_problems
from bemoeizorg.ui.dialogs.form_dialog import FormDialog, Job, store_call
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.widgets.date_field import DateField

FIELDS = ("name", "organisation", "phone", "email", "valid_from", "valid_to")
NOTE = (
    "Het aanspreekpunt is de vaste contactpersoon voor bemoeizorg in deze gemeente. "
    "Bij een wisseling legt u een nieuw aanspreekpunt vast en geeft u het oude een "
    "einddatum."
)


class ContactPointDialog(FormDialog):
    """Saves a ContactPointData; `saved` carries the stored one. A refusal of the register
    shows above the buttons."""

    def __init__(
        self,
        session: RegisterSession,
        contact_point: ContactPointData | None = None,
        municipality_code: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = "Aanspreekpunt wijzigen" if contact_point else "Aanspreekpunt toevoegen"
        super().__init__(session, title, intro=NOTE, parent=parent)
        self._id = contact_point.id if contact_point else None
        self._touched: set[str] = set()

        self.municipality_combo = QComboBox()
        for subregion in Subregion:
            if self.municipality_combo.count():
                self.municipality_combo.insertSeparator(self.municipality_combo.count())
            for m in MUNICIPALITIES:
                if m.subregion is subregion:
                    self.municipality_combo.addItem(m.name, m.code)
        self.name_edit = QLineEdit()
        self.organisation_edit = QLineEdit()
        self.organisation_edit.setPlaceholderText("bijvoorbeeld GGD Limburg-Noord")
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText("bijvoorbeeld 077 123 45 67")
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText("naam@organisatie.nl")
        self.from_edit = DateField(empty="geen begindatum")
        self.to_edit = DateField(empty="geen einddatum")
        self.add_row("Gemeente", self.municipality_combo)
        self.add_row("Naam", self.name_edit, "name")
        self.add_row("Organisatie", self.organisation_edit, "organisation")
        self.add_row("Telefoon", self.phone_edit, "phone")
        self.add_row("E-mail", self.email_edit, "email")
        self.add_row("Vanaf", self.from_edit, "valid_from")
        self.add_row("Tot en met", self.to_edit, "valid_to")
        self.setMinimumWidth(560)

        self._fill(contact_point, municipality_code)
        self._connect_fields()

    # --- filling -------------------------------------------------------------------------

    def _fill(self, cp: ContactPointData | None, municipality_code: str | None) -> None:
        code = cp.municipality_code if cp else municipality_code
        found = self.municipality_combo.findData(code) if code else -1
        self.municipality_combo.setCurrentIndex(max(found, 0))
        if cp is None:
            self.from_edit.set_value(formats.today())
            self.to_edit.set_value(None)
        else:
            self.name_edit.setText(cp.name)
            self.organisation_edit.setText(cp.organisation)
            self.phone_edit.setText(cp.phone)
            self.email_edit.setText(cp.email)
            self.from_edit.set_value(cp.valid_from)
            self.to_edit.set_value(cp.valid_to)

    def _connect_fields(self) -> None:
        edits = {
            "name": self.name_edit,
            "organisation": self.organisation_edit,
            "phone": self.phone_edit,
            "email": self.email_edit,
        }
        for name, edit in edits.items():
            edit.textChanged.connect(self._revalidate)
            # Judged when the user leaves the field, not while they are still typing.
            edit.editingFinished.connect(lambda name=name: self._touch(name))
        self.dates = {"valid_from": self.from_edit, "valid_to": self.to_edit}
        for name, field in self.dates.items():
            field.textChanged.connect(self._revalidate)
            field.judged.connect(lambda _problem, name=name: self._touch(name))

    # --- checking ------------------------------------------------------------------------

    def value(self) -> ContactPointData:
        return ContactPointData(
            municipality_code=str(self.municipality_combo.currentData()),
            name=self.name_edit.text().strip(),
            organisation=self.organisation_edit.text().strip(),
            phone=self.phone_edit.text().strip(),
            email=self.email_edit.text().strip(),
            valid_from=self.from_edit.value(),
            valid_to=self.to_edit.value(),
            id=self._id,
        )

    def _touch(self, name: str) -> None:
        self._touched.add(name)
        self._revalidate()

    def _revalidate(self) -> dict[str, str]:
        problems = contact_point_problems(self.value())
        for name, field in self.dates.items():  # a date that is no date is never "none"
            if problem := field.problem():
                problems[name] = problem
        for name, error in self.errors.items():
            error.show_problem(problems.get(name) if name in self._touched else None)
        return problems

    def problems(self) -> dict[str, str]:
        self._touched.update(FIELDS)  # on saving, every field is judged
        return self._revalidate()

    def job(self) -> Job:
        return store_call(reference_data.save_contact_point, self.value())
