"""The person a report is about, as the intake form asks it: name with tussenvoegsel,
birth date or approximate age, address, BSN. Either typed (a new person) or chosen from
the register, in which case the fields are read-only and show who was chosen."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework.persons import PersonSummary
from bemoeizorg.domain import formats
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.intake import PersonInput
from bemoeizorg.ui import style
from bemoeizorg.ui.widgets.date_field import DateField
from bemoeizorg.ui.widgets.field_error import FieldError, with_error

POSTCODE = re.compile(r"^\d{4} ?[A-Za-z]{2}$")
POSTCODE_PROBLEM = "Een postcode is 4 cijfers en 2 letters, zoals 6041 AB."
# Fields whose text says who the person is: typing in them looks for matches.
IDENTIFYING = ("family_name", "prefix", "given_names", "alias", "birth_date", "bsn")
ERROR_FIELDS = ("family_name", "birth_date", "postcode", "bsn")
BORN_IN_FUTURE = "Een geboortedatum kan niet in de toekomst liggen."
CHOSEN = "<b>Gekozen: {name}</b>{born}{place}<br>{where}"
CHOSEN_OPEN_CASE = "Open casus {number}: de melding wordt daaraan toegevoegd."
CHOSEN_NO_CASE = "Geen open casus: na het opslaan volgt de beoordeling."


# Read-only (a person chosen from the register) must look different from a field to type in.


class PersonFields(QGroupBox):
    typed = Signal()  # an identifying field changed: time to look for matches
    changed = Signal()  # any field changed
    left_field = Signal(str)  # the user left this field: judge it now

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Over wie gaat de melding?", parent)
        self.chosen: PersonSummary | None = None
        self.family_edit = QLineEdit()
        self.prefix_edit = QLineEdit()
        self.prefix_edit.setPlaceholderText("van, de, van der ...")
        self.given_edit = QLineEdit()
        self.alias_edit = QLineEdit()
        self.alias_edit.setPlaceholderText("ook als de achternaam onbekend is")
        # Empty is allowed (the age may be estimated); "14-07-58" is 1958, never ahead.
        self.birth_edit = DateField(future=False, future_problem=BORN_IN_FUTURE)
        self.age_edit = QLineEdit()
        self.age_edit.setPlaceholderText("jaren")
        self.age_edit.setMaxLength(3)
        self.age_edit.setFixedWidth(70)
        self.address_edit = QLineEdit()
        self.postcode_edit = QLineEdit()
        self.postcode_edit.setPlaceholderText("1234 AB")
        self.postcode_edit.setMaxLength(7)
        self.postcode_edit.setFixedWidth(90)
        self.city_edit = QLineEdit()
        self.bsn_edit = QLineEdit()
        self.bsn_edit.setPlaceholderText("optioneel, 9 cijfers")
        self.bsn_edit.setMaxLength(11)
        self.edits: dict[str, QLineEdit] = {
            "family_name": self.family_edit,
            "prefix": self.prefix_edit,
            "given_names": self.given_edit,
            "alias": self.alias_edit,
            "birth_date": self.birth_edit,
            "age": self.age_edit,
            "address": self.address_edit,
            "postcode": self.postcode_edit,
            "city": self.city_edit,
            "bsn": self.bsn_edit,
        }
        self.errors = {name: FieldError() for name in ERROR_FIELDS}
        for name, error in self.errors.items():
            error.setObjectName(f"{name}_error")
        self.chosen_label = QLabel()
        self.chosen_label.setObjectName("chosen_person")
        self.chosen_label.setWordWrap(True)
        self.new_person_button = QPushButton("Toch een nieuwe persoon")
        self.new_person_button.setAutoDefault(False)
        self.setStyleSheet(style.read_only_line_edit())
        self._build_layout()
        self._connect()

    def _build_layout(self) -> None:
        self.chosen_row = QFrame()
        self.chosen_row.setObjectName("chosen_row")
        self.chosen_row.setStyleSheet(style.framed_card("#chosen_row"))
        chosen_layout = QVBoxLayout(self.chosen_row)
        chosen_layout.addWidget(self.chosen_label)
        chosen_layout.addWidget(self.new_person_button, 0, Qt.AlignmentFlag.AlignRight)
        self.chosen_row.hide()
        form = QFormLayout()
        form.addRow("Achternaam", with_error(self.family_edit, self.errors["family_name"]))
        form.addRow("Tussenvoegsel", self.prefix_edit)
        form.addRow("Voornamen", self.given_edit)
        form.addRow("Roepnaam of alias", self.alias_edit)
        born = QHBoxLayout()
        born.addWidget(self.birth_edit)  # as wide as a date, the age right beside it
        born.addWidget(QLabel("of geschatte leeftijd"))
        born.addWidget(self.age_edit)
        born.addStretch(1)
        form.addRow("Geboortedatum", with_error(born, self.errors["birth_date"]))
        form.addRow("Adres", self.address_edit)
        place = QHBoxLayout()
        place.addWidget(self.postcode_edit)
        place.addWidget(QLabel("Woonplaats"))
        place.addWidget(self.city_edit, 1)
        form.addRow("Postcode", with_error(place, self.errors["postcode"]))
        form.addRow("BSN", with_error(self.bsn_edit, self.errors["bsn"]))
        layout = QVBoxLayout(self)
        layout.addWidget(self.chosen_row)
        layout.addLayout(form)

    def _connect(self) -> None:
        for name, edit in self.edits.items():
            edit.textChanged.connect(self.changed)
            edit.editingFinished.connect(
                lambda name=name: self.left_field.emit("birth_date" if name == "age" else name)
            )
            if name in IDENTIFYING:
                edit.textChanged.connect(self._identifying_changed)
        self.birth_edit.textChanged.connect(self._enable_age)
        self.age_edit.textChanged.connect(self._keep_age_digits)

    def tab_chain(self) -> list[QWidget]:
        return [self.new_person_button, *self.edits.values()]

    # --- value -------------------------------------------------------------------------------

    def _identifying_changed(self) -> None:
        if self.chosen is None:
            self.typed.emit()

    def _enable_age(self) -> None:
        self.age_edit.setEnabled(not self.birth_edit.text().strip() and self.chosen is None)

    def _keep_age_digits(self, text: str) -> None:
        digits = "".join(ch for ch in text if ch in "0123456789")
        if digits != text:
            self.age_edit.setText(digits)

    def birth_year_estimate(self) -> int | None:
        text = self.age_edit.text().strip()
        if self.birth_edit.text().strip() or not (text.isascii() and text.isdigit()):
            return None
        return formats.today().year - int(text)

    def value(self, municipality_code: str) -> PersonInput:
        return PersonInput(
            family_name=self.family_edit.text().strip(),
            municipality_code=municipality_code,
            prefix=self.prefix_edit.text().strip(),
            given_names=self.given_edit.text().strip(),
            alias=self.alias_edit.text().strip(),
            birth_date=self.birth_edit.value(),
            birth_year_estimate=self.birth_year_estimate(),
            bsn=self.bsn_edit.text().strip(),
            address=self.address_edit.text().strip(),
            postcode=self.postcode_edit.text().strip(),
            city=self.city_edit.text().strip(),
        )

    def problems(self) -> dict[str, str]:
        """What the form itself sees (the rest is the domain's report_problems)."""
        if self.chosen is not None:
            return {}
        problems: dict[str, str] = {}
        if birth := self.birth_edit.problem():
            problems["birth_date"] = birth
        postcode = self.postcode_edit.text().strip()
        if postcode and not POSTCODE.match(postcode):
            problems["postcode"] = POSTCODE_PROBLEM
        return problems

    def texts(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in self.edits.items()}

    def set_texts(self, texts: dict[str, object]) -> None:
        for name, edit in self.edits.items():
            edit.setText(str(texts.get(name) or ""))

    def has_text(self) -> bool:
        return any(edit.text().strip() for edit in self.edits.values())

    # --- chosen from the register ------------------------------------------------------------

    def show_chosen(self, person: PersonSummary) -> None:
        """Fill the fields with the chosen person and make them read-only."""
        self.chosen = person
        born = date_text(person.birth_date)
        texts: dict[str, object] = {
            "family_name": person.family_name,
            "prefix": person.prefix,
            "given_names": person.given_names,
            "alias": person.alias,
            "birth_date": born,
            "age": ""
            if person.birth_date or person.birth_year_estimate is None
            else formats.today().year - person.birth_year_estimate,
            "address": person.address,
            "postcode": person.postcode,
            "city": person.city,
            "bsn": person.bsn,
        }
        self.set_texts(texts)
        self._set_read_only(True)
        self.age_edit.setEnabled(False)
        for error in self.errors.values():
            error.show_problem(None)
        where = (
            CHOSEN_OPEN_CASE.format(number=person.open_case_number)
            if person.open_case_number
            else CHOSEN_NO_CASE
        )
        self.chosen_label.setText(
            CHOSEN.format(
                name=person.name,
                born=", geb. " + born if born else "",
                place=", " + person.municipality if person.municipality else "",
                where=where,
            )
        )
        self.chosen_row.show()

    def _set_read_only(self, read_only: bool) -> None:
        for edit in self.edits.values():
            edit.setReadOnly(read_only)
            edit.style().unpolish(edit)  # the style sheet reads readOnly: apply it again
            edit.style().polish(edit)

    def clear_chosen(self) -> None:
        """Not the chosen one after all: the fields become editable again (text kept)."""
        self.chosen = None
        self.chosen_row.hide()
        self._set_read_only(False)
        self._enable_age()
        self.family_edit.setFocus()
