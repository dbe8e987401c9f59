"""Drang of dwang vastleggen: pressure or a compulsory measure noted on the case."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QWidget

from bemoeizorg.casework.cases import add_measure
from bemoeizorg.domain.vocabulary import Measure
from bemoeizorg.store.register import Register
from bemoeizorg.ui.dialogs.case_event_dialog import CaseEventDialog, Job, note_edit
from bemoeizorg.ui.register_session import RegisterSession

TITLE = "Drang of dwang vastleggen"
INTRO = (
    "Bemoeizorg is vrijwillig. Leg hier vast wanneer er drang is uitgeoefend of een "
    "maatregel is genomen (bijvoorbeeld onder de Wet verplichte ggz)."
)


class MeasureDialog(CaseEventDialog):
    def __init__(
        self,
        session: RegisterSession,
        case_id: int,
        *,
        earliest: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, case_id, TITLE, intro=INTRO, earliest=earliest, parent=parent)
        self.measure_combo = QComboBox()
        for measure in Measure:
            self.measure_combo.addItem(measure.label, measure.value)
        self.note_edit = note_edit("Wie besloot het, en waarom")
        self.add_row("Maatregel", self.measure_combo, "measure")
        self.add_row("Notitie", self.note_edit, "note")
        self.measure_combo.setFocus()

    def job(self) -> Job:
        case_id, on_date = self.case_id, self.on_date()
        measure = Measure(str(self.measure_combo.currentData()))
        note = self.note_edit.toPlainText().strip()

        def job(register: Register) -> None:
            add_measure(register, case_id, on_date, measure, note)

        return job
