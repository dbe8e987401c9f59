"""A contact person of the network around a person (a GP, a sister, a landlord), added or
changed from the person card. Saved as one change in the log, without a value
(casework.person_card.save_contact). It stays inside the register: only the inzage of the
person shows it. The window title names neither the person nor the contact.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from bemoeizorg.casework.person_card import (
    CONTACT_LIMITS,
    CONTACT_NAME_MISSING,
    ContactInput,
    PersonContactLine,
    save_contact,
)
from bemoeizorg.ui.dialogs.form_dialog import FormDialog, Job, store_call
from bemoeizorg.ui.register_session import RegisterSession

TITLE_NEW = "Contactpersoon toevoegen"
TITLE_EDIT = "Contactpersoon wijzigen"
INTRO = (
    "Iemand uit het netwerk van deze persoon. Dit blijft in het register en gaat nooit mee "
    "in een overlegpakket of export; alleen een inzageverzoek van de persoon zelf toont het."
)
# Suggestions; any other relation may be typed.
RELATIONS = (
    "huisarts",
    "moeder",
    "vader",
    "zus",
    "broer",
    "partner",
    "kind",
    "buurvrouw",
    "buurman",
    "verhuurder",
    "bewindvoerder",
    "wijkagent",
    "behandelaar",
)


class PersonContactDialog(FormDialog):
    def __init__(
        self,
        session: RegisterSession,
        person_id: int,
        contact: PersonContactLine | None = None,
        *,
        from_case_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, TITLE_EDIT if contact else TITLE_NEW, intro=INTRO, parent=parent)
        self._person_id = person_id
        self._contact_id = contact.contact_id if contact else None
        self._from_case_id = from_case_id
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("contact_name")
        self.relation_combo = QComboBox()
        self.relation_combo.setObjectName("contact_relation")
        self.relation_combo.setEditable(True)
        self.relation_combo.addItems(RELATIONS)
        self.relation_combo.setCurrentIndex(-1)
        self.relation_combo.setPlaceholderText("bijvoorbeeld huisarts of zus")
        line = self.relation_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText("bijvoorbeeld huisarts of zus")
        self.phone_edit = QLineEdit()
        self.phone_edit.setObjectName("contact_phone")
        self.organisation_edit = QLineEdit()
        self.organisation_edit.setObjectName("contact_organisation")
        self.email_edit = QLineEdit()
        self.email_edit.setObjectName("contact_email")
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("contact_note")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.fontMetrics().height() * 4)
        for edit, name in (
            (self.name_edit, "name"),
            (self.phone_edit, "phone"),
            (self.organisation_edit, "organisation"),
            (self.email_edit, "email"),
        ):
            edit.setMaxLength(CONTACT_LIMITS[name])
        self.add_row("Naam", self.name_edit, "name", required=CONTACT_NAME_MISSING)
        self.add_row("Relatie of rol", self.relation_combo, "relation")
        self.add_row("Telefoon", self.phone_edit, "phone")
        self.add_row("Organisatie", self.organisation_edit, "organisation")
        self.add_row("E-mail", self.email_edit, "email")
        self.add_row("Opmerking", self.note_edit, "note")
        if contact is not None:
            self.name_edit.setText(contact.name)
            self.relation_combo.setCurrentText(contact.relation)
            self.phone_edit.setText(contact.phone)
            self.organisation_edit.setText(contact.organisation)
            self.email_edit.setText(contact.email)
            self.note_edit.setPlainText(contact.note)
        self.setMinimumWidth(560)
        self.name_edit.setFocus()

    def value(self) -> ContactInput:
        return ContactInput(
            name=self.name_edit.text(),
            relation=self.relation_combo.currentText(),
            phone=self.phone_edit.text(),
            organisation=self.organisation_edit.text(),
            email=self.email_edit.text(),
            note=self.note_edit.toPlainText(),
        )

    def job(self) -> Job:
        return store_call(
            save_contact, self._person_id, self.value(), self._contact_id, self._from_case_id
        )
