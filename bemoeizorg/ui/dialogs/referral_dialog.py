"""Doorverwijzing vastleggen: to which care the person was led, and whether it accepted."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from bemoeizorg.casework.cases import TimelineEntry, add_referral
from bemoeizorg.casework.corrections import correct_referral
from bemoeizorg.domain.vocabulary import ReferralTarget
from bemoeizorg.ui.dialogs.case_event_dialog import Choice, DatedCaseDialog, note_edit
from bemoeizorg.ui.dialogs.form_dialog import Job, store_call

TITLE = "Doorverwijzing vastleggen"
INTRO = "Naar welke zorg of hulp is de persoon (terug)geleid?"


class ReferralDialog(DatedCaseDialog):
    window_title = TITLE
    intro_text = INTRO
    what = "Doorverwijzing"

    def add_rows(self) -> None:
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

    def prefill(self, entry: TimelineEntry) -> None:
        values = entry.values
        if values.referral_target is not None:
            self.target_combo.setCurrentIndex(
                self.target_combo.findData(values.referral_target.value)
            )
        self.accepted_choice.set_value(values.referral_accepted)
        self.note_edit.setPlainText(entry.note)
        if values.referral_accepted is None:
            # Its outcome is what is usually learnt later: start there.
            self.accepted_choice.buttons[0].setFocus()

    def job(self) -> Job:
        target = ReferralTarget(str(self.target_combo.currentData()))
        value = self.accepted_choice.value()
        accepted = value if isinstance(value, bool) else None
        note = self.note_edit.toPlainText().strip()
        if self.correcting is not None:
            return store_call(
                correct_referral,
                self.corrected_id(),
                self.correction_reason(),
                self.on_date(),
                target,
                accepted,
                note,
            )
        return store_call(add_referral, self.case_id, self.on_date(), target, accepted, note)
