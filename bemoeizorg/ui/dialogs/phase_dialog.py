"""Fase wijzigen: vinden -> binden -> toeleiden, with a date and a short reason.

Skipping binden is allowed only when the worker confirms it; the register says when it is
a skip, the dialog asks and tries again with the confirmation. Given a phase change
(`correcting=`), the dialog corrects it: from the phase before it, to the phase it should
have gone to, on the day it happened; the case's phase follows.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from bemoeizorg.casework.cases import PhaseSkipNeedsConfirmation, TimelineEntry, change_phase
from bemoeizorg.casework.corrections import correct_phase_change
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.vocabulary import PHASE_ORDER, Phase
from bemoeizorg.ui import messages
from bemoeizorg.ui.dialogs.case_event_dialog import CaseEventDialog
from bemoeizorg.ui.dialogs.form_dialog import Job, store_call
from bemoeizorg.ui.register_session import RegisterSession

TITLE = "Fase wijzigen"
INTRO = "De casus is nu in de fase {phase}, sinds {since}."
BEFORE_PHASE = "Deze datum ligt vóór het begin van de huidige fase ({date})."
SKIP_TITLE = "Fase binden overslaan?"
SKIP_TEXT = (
    "Deze casus is nog niet in de fase binden geweest. Wilt u toch direct naar toeleiden? "
    "Kies 'Nee' om eerst binden vast te leggen."
)
NO_REASON = "Geef in een paar woorden de reden van de fasewissel."
FROM_PHASE = "Van de fase {phase} naar:"


class PhaseDialog(CaseEventDialog):
    what = "Fasewissel"

    def __init__(
        self,
        session: RegisterSession,
        case_id: int,
        current: Phase,
        since: date,
        parent: QWidget | None = None,
        *,
        case_number: str = "",
        correcting: TimelineEntry | None = None,
        opened_on: date | None = None,
    ) -> None:
        if correcting is not None:
            # What counts is the phase before this change, and the case's whole life.
            current = correcting.values.phase_from or Phase.VINDEN
            since = opened_on or since
        super().__init__(
            session,
            case_id,
            TITLE,
            intro=INTRO.format(phase=current.label.lower(), since=date_text(since)),
            earliest=since,
            earliest_problem=BEFORE_PHASE,
            case_number=case_number,
            correcting=correcting,
            parent=parent,
        )
        self.current = current
        self.phase_combo = QComboBox()
        for phase in PHASE_ORDER:
            if phase is not current:
                self.phase_combo.addItem(phase.label, phase.value)
        # The usual step: the next phase; from the last one, back one.
        at = PHASE_ORDER.index(current)
        usual = PHASE_ORDER[at + 1] if at + 1 < len(PHASE_ORDER) else PHASE_ORDER[at - 1]
        self.phase_combo.setCurrentIndex(self.phase_combo.findData(usual.value))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("bijvoorbeeld: eerste gesprek gehad, vertrouwen groeit")
        self.reason_edit.setMaxLength(300)
        if correcting is None:
            self.add_row("Naar fase", self.phase_combo, "phase")
            self.add_row("Reden", self.reason_edit, "reason", required=NO_REASON)
        else:
            self.add_row(FROM_PHASE.format(phase=current.label.lower()), self.phase_combo, "phase")
            self.add_row("Reden fasewissel", self.reason_edit, "reason", required=NO_REASON)
            self.add_correction_rows()
        self.phase_combo.setFocus()

    def prefill(self, entry: TimelineEntry) -> None:
        if entry.values.phase_to is not None:
            found = self.phase_combo.findData(entry.values.phase_to.value)
            if found >= 0:
                self.phase_combo.setCurrentIndex(found)
        self.reason_edit.setText(entry.note)

    def to_phase(self) -> Phase:
        return Phase(str(self.phase_combo.currentData()))

    def job(self, confirmed_skip: bool = False) -> Job:
        reason = self.reason_edit.text().strip()
        if self.correcting is not None:
            return store_call(
                correct_phase_change,
                self.corrected_id(),
                self.correction_reason(),
                self.to_phase(),
                self.on_date(),
                reason,
            )
        return store_call(
            change_phase,
            self.case_id,
            self.to_phase(),
            self.on_date(),
            reason,
            confirmed_skip=confirmed_skip,
            shown=self.shown_state,
        )

    def handle_failure(self, exc: BaseException) -> bool:
        if not isinstance(exc, PhaseSkipNeedsConfirmation):
            return False
        if messages.confirm(self, SKIP_TITLE, SKIP_TEXT):
            self.submit(self.job(confirmed_skip=True))
        return True
