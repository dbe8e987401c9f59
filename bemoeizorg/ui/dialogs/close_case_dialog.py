"""Casus afsluiten: with an outcome, a date and a closing note."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QWidget

from bemoeizorg.casework.cases import close_case
from bemoeizorg.domain.vocabulary import Outcome
from bemoeizorg.store.register import Register
from bemoeizorg.ui.dialogs.case_event_dialog import CaseEventDialog, Job, note_edit
from bemoeizorg.ui.register_session import RegisterSession

TITLE = "Casus afsluiten"
INTRO = (
    "Een afgesloten casus kan niet meer worden gewijzigd, wel weer worden heropend. "
    "Open acties blijven staan zoals ze zijn."
)
CHOOSE = "Kies een uitkomst…"
NO_OUTCOME = "Kies hoe de casus afloopt."


class CloseCaseDialog(CaseEventDialog):
    def __init__(
        self,
        session: RegisterSession,
        case_id: int,
        *,
        earliest: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, case_id, TITLE, intro=INTRO, earliest=earliest, parent=parent)
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

    def job(self) -> Job:
        case_id, on_date, outcome = self.case_id, self.on_date(), self.outcome()
        note = self.note_edit.toPlainText().strip()
        assert outcome is not None

        def job(register: Register) -> None:
            close_case(register, case_id, outcome, on_date, note)

        return job
