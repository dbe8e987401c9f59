"""Drang of dwang vastleggen: pressure or a compulsory measure noted on the case."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from bemoeizorg.casework.cases import TimelineEntry, add_measure
from bemoeizorg.casework.corrections import correct_measure
from bemoeizorg.domain.vocabulary import Measure
from bemoeizorg.ui.dialogs.case_event_dialog import DatedCaseDialog, note_edit
from bemoeizorg.ui.dialogs.form_dialog import Job, store_call

TITLE = "Drang of dwang vastleggen"
INTRO = (
    "Bemoeizorg is vrijwillig. Leg hier vast wanneer er drang is uitgeoefend of een "
    "maatregel is genomen (bijvoorbeeld onder de Wet verplichte ggz)."
)


class MeasureDialog(DatedCaseDialog):
    window_title = TITLE
    intro_text = INTRO
    what = "Drang of dwang"

    def add_rows(self) -> None:
        self.measure_combo = QComboBox()
        for measure in Measure:
            self.measure_combo.addItem(measure.label, measure.value)
        self.note_edit = note_edit("Wie besloot het, en waarom")
        self.add_row("Maatregel", self.measure_combo, "measure")
        self.add_row("Notitie", self.note_edit, "note")
        self.measure_combo.setFocus()

    def prefill(self, entry: TimelineEntry) -> None:
        if entry.values.measure is not None:
            self.measure_combo.setCurrentIndex(
                self.measure_combo.findData(entry.values.measure.value)
            )
        self.note_edit.setPlainText(entry.note)

    def job(self) -> Job:
        measure = Measure(str(self.measure_combo.currentData()))
        note = self.note_edit.toPlainText().strip()
        if self.correcting is not None:
            return store_call(
                correct_measure,
                self.corrected_id(),
                self.correction_reason(),
                self.on_date(),
                measure,
                note,
            )
        return store_call(add_measure, self.case_id, self.on_date(), measure, note)
