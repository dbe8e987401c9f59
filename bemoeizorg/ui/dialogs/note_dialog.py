"""Notitie toevoegen: anything worth keeping on the case's timeline."""

from __future__ import annotations

from bemoeizorg.casework.cases import TimelineEntry, add_note
from bemoeizorg.casework.corrections import correct_note
from bemoeizorg.ui.dialogs.case_event_dialog import DatedCaseDialog, note_edit
from bemoeizorg.ui.dialogs.form_dialog import Job, store_call

TITLE = "Notitie toevoegen"
EMPTY = "Een notitie kan niet leeg zijn."


class NoteDialog(DatedCaseDialog):
    window_title = TITLE
    what = "Notitie"

    def add_rows(self) -> None:
        self.note_edit = note_edit("Alleen wat nodig is voor de zorg voor deze persoon")
        self.note_edit.setMinimumHeight(140)
        self.add_row("Notitie", self.note_edit, "note", required=EMPTY)
        self.note_edit.setFocus()

    def prefill(self, entry: TimelineEntry) -> None:
        self.note_edit.setPlainText(entry.note)

    def job(self) -> Job:
        note = self.note_edit.toPlainText().strip()
        if self.correcting is not None:
            return store_call(
                correct_note, self.corrected_id(), self.correction_reason(), self.on_date(), note
            )
        return store_call(add_note, self.case_id, self.on_date(), note)
