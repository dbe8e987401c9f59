"""Casus heropenen: a closed case comes back in the phase it had, with a date and reason."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLineEdit, QWidget

from bemoeizorg.casework.cases import reopen_case
from bemoeizorg.domain.formats import date_text
from bemoeizorg.ui.dialogs.case_event_dialog import CaseEventDialog
from bemoeizorg.ui.dialogs.form_dialog import Job, store_call
from bemoeizorg.ui.register_session import RegisterSession

TITLE = "Casus heropenen"
INTRO = "De casus is afgesloten op {closed}. Na heropenen gaat hij verder in de fase {phase}."
BEFORE_CLOSING = "Deze datum ligt vóór de afsluiting ({date})."
NO_REASON = "Geef de reden van heropenen."


class ReopenDialog(CaseEventDialog):
    def __init__(
        self,
        session: RegisterSession,
        case_id: int,
        *,
        closed_on: date,
        phase_label: str,
        case_number: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            session,
            case_id,
            TITLE,
            intro=INTRO.format(closed=date_text(closed_on), phase=phase_label.lower()),
            earliest=closed_on,
            earliest_problem=BEFORE_CLOSING,
            case_number=case_number,
            parent=parent,
        )
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("bijvoorbeeld: nieuwe melding van de woningcorporatie")
        self.reason_edit.setMaxLength(300)
        self.add_row("Reden", self.reason_edit, "reason", required=NO_REASON)
        self.reason_edit.setFocus()

    def job(self) -> Job:
        return store_call(
            reopen_case,
            self.case_id,
            self.on_date(),
            self.reason_edit.text().strip(),
            shown=self.shown_state,
        )
