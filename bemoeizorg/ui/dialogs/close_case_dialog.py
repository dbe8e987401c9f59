"""Casus afsluiten: with an outcome, a date and a closing note."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from bemoeizorg.casework.cases import TimelineEntry, close_case
from bemoeizorg.casework.corrections import correct_closing
from bemoeizorg.domain.vocabulary import Outcome
from bemoeizorg.ui.dialogs.case_event_dialog import DatedCaseDialog, note_edit
from bemoeizorg.ui.dialogs.form_dialog import Job, store_call

TITLE = "Casus afsluiten"
INTRO = (
    "Een afgesloten casus kan niet meer worden gewijzigd, wel weer worden heropend. "
    "Open acties blijven staan zoals ze zijn."
)
CHOOSE = "Kies een uitkomst…"
NO_OUTCOME = "Kies hoe de casus afloopt."


class CloseCaseDialog(DatedCaseDialog):
    window_title = TITLE
    intro_text = INTRO
    what = "Afsluiting"

    def add_rows(self) -> None:
        self.outcome_combo = QComboBox()
        self.outcome_combo.addItem(CHOOSE, None)  # no default: the outcome is a real choice
        for outcome in Outcome:
            self.outcome_combo.addItem(outcome.label, outcome.value)
        self.note_edit = note_edit("Hoe is de casus afgerond, wat is overgedragen")
        self.add_row("Uitkomst", self.outcome_combo, "outcome")
        self.add_row("Notitie", self.note_edit, "note")
        self.outcome_combo.setFocus()

    def outcome(self) -> Outcome | None:
        data = self.outcome_combo.currentData()
        return Outcome(str(data)) if data else None

    def problems(self) -> dict[str, str]:
        problems = super().problems()
        if self.outcome() is None:
            problems["outcome"] = NO_OUTCOME
        return problems

    def prefill(self, entry: TimelineEntry) -> None:
        if entry.values.outcome is not None:
            self.outcome_combo.setCurrentIndex(
                self.outcome_combo.findData(entry.values.outcome.value)
            )
        self.note_edit.setPlainText(entry.note)

    def job(self) -> Job:
        outcome = self.outcome()
        assert outcome is not None
        note = self.note_edit.toPlainText().strip()
        if self.correcting is not None:
            return store_call(
                correct_closing,
                self.corrected_id(),
                self.correction_reason(),
                self.on_date(),
                outcome,
                note,
            )
        return store_call(
            close_case, self.case_id, outcome, self.on_date(), note, shown=self.shown_state
        )
