"""Notitie toevoegen: anything worth keeping on the case's timeline."""

from __future__ import annotations

from bemoeizorg.casework.cases import add_note
from bemoeizorg.ui.dialogs.case_event_dialog import DatedCaseDialog, note_edit
from bemoeizorg.ui.dialogs.form_dialog import Job, store_call

TITLE = "Notitie toevoegen"
EMPTY = "Een notitie kan niet leeg zijn."


class NoteDialog(DatedCaseDialog):
    window_title = TITLE

    def add_rows(self) -> None:
        self.note_edit = note_edit("Alleen wat nodig is voor de zorg voor deze persoon")
        self.note_edit.setMinimumHeight(140)
        self.add_row("Notitie", self.note_edit, "note", required=EMPTY)
        self.note_edit.setFocus()

    def job(self) -> Job:
        return store_call(
            add_note, self.case_id, self.on_date(), self.note_edit.toPlainText().strip()
        )
