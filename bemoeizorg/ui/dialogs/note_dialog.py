"""Notitie toevoegen: anything worth keeping on the case's timeline."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from bemoeizorg.casework.cases import add_note
from bemoeizorg.store.register import Register
from bemoeizorg.ui.dialogs.case_event_dialog import CaseEventDialog, Job, note_edit
from bemoeizorg.ui.register_session import RegisterSession

TITLE = "Notitie toevoegen"
EMPTY = "Een notitie kan niet leeg zijn."


class NoteDialog(CaseEventDialog):
    def __init__(
        self,
        session: RegisterSession,
        case_id: int,
        *,
        earliest: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, case_id, TITLE, earliest=earliest, parent=parent)
        self.note_edit = note_edit("Alleen wat nodig is voor de zorg voor deze persoon")
        self.note_edit.setMinimumHeight(140)
        self.add_row("Notitie", self.note_edit, "note")
        self.note_edit.setFocus()

    def problems(self) -> dict[str, str]:
        problems = super().problems()
        if not self.note_edit.toPlainText().strip():
            problems["note"] = EMPTY
        return problems

    def job(self) -> Job:
        case_id, on_date = self.case_id, self.on_date()
        note = self.note_edit.toPlainText().strip()

        def job(register: Register) -> None:
            add_note(register, case_id, on_date, note)

        return job
