"""Doorverwijzing vastleggen: to which care the person was led, and whether it accepted."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QWidget

from bemoeizorg.casework.cases import add_referral
from bemoeizorg.domain.vocabulary import ReferralTarget
from bemoeizorg.store.register import Register
from bemoeizorg.ui.dialogs.case_event_dialog import CaseEventDialog, Choice, Job, note_edit
from bemoeizorg.ui.register_session import RegisterSession

TITLE = "Doorverwijzing vastleggen"
INTRO = "Naar welke zorg of hulp is de persoon (terug)geleid?"


class ReferralDialog(CaseEventDialog):
    def __init__(
        self,
        session: RegisterSession,
        case_id: int,
        *,
        earliest: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, case_id, TITLE, intro=INTRO, earliest=earliest, parent=parent)
        self.target_combo = QComboBox()
        for target in ReferralTarget:
            self.target_combo.addItem(target.label, target.value)
        self.accepted_choice = Choice([("Ja", True), ("Nee", False), ("Nog onbekend", None)])
        self.accepted_choice.set_value(None)
        self.note_edit = note_edit("bijvoorbeeld: intake op 12 maart, contactpersoon")
        self.add_row("Naar", self.target_combo, "target")
        self.add_row("Geaccepteerd", self.accepted_choice, "accepted")
        self.add_row("Notitie", self.note_edit, "note")
        self.target_combo.setFocus()

    def job(self) -> Job:
        case_id, on_date = self.case_id, self.on_date()
        target = ReferralTarget(str(self.target_combo.currentData()))
        value = self.accepted_choice.value()
        accepted = value if isinstance(value, bool) else None
        note = self.note_edit.toPlainText().strip()

        def job(register: Register) -> None:
            add_referral(register, case_id, on_date, target, accepted, note)

        return job
