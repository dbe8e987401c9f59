"""Who reported (the melder): kind, organisation, and an optional name and contact.

Anonymous means no name and no contact: those fields are emptied and disabled. The
reporter is kept in its own table and never reaches the person or a meeting document.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from bemoeizorg.domain.intake import ReporterInput
from bemoeizorg.domain.vocabulary import ReporterKind
from bemoeizorg.ui import style
from bemoeizorg.ui.widgets.field_error import FieldError, with_error

NOTE = "De melder blijft buiten beeld: nooit bij de betrokkene of in een overleg."
KIND_MISSING = "Kies wie de melding doet (of Anoniem)."


class ReporterFields(QGroupBox):
    changed = Signal()
    kind_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Melder", parent)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("Kies wie meldt", None)
        for kind in ReporterKind:
            self.kind_combo.addItem(kind.label, kind)
        self.organisation_edit = QLineEdit()
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("optioneel")
        self.contact_edit = QLineEdit()
        self.contact_edit.setPlaceholderText("telefoon of e-mail, optioneel")
        self.edits = (self.organisation_edit, self.name_edit, self.contact_edit)
        self.kind_error = FieldError()
        self.kind_error.setObjectName("reporter_kind_error")
        note = QLabel(NOTE)
        note.setWordWrap(True)
        note.setStyleSheet(style.muted_text())

        form = QFormLayout(self)
        form.addRow("Soort melder", with_error(self.kind_combo, self.kind_error))
        form.addRow("Organisatie", self.organisation_edit)
        form.addRow("Naam", self.name_edit)
        form.addRow("Bereikbaar via", self.contact_edit)
        form.addRow(note)

        for edit in self.edits:
            edit.textChanged.connect(self.changed)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)

    def tab_chain(self) -> list[QWidget]:
        return [self.kind_combo, *self.edits]

    def kind(self) -> ReporterKind | None:
        data = self.kind_combo.currentData()
        return ReporterKind(data) if data else None  # Qt hands a StrEnum back as str

    def _kind_changed(self) -> None:
        anonymous = self.kind() is ReporterKind.ANONIEM
        for edit in (self.name_edit, self.contact_edit):
            edit.setEnabled(not anonymous)
            if anonymous:
                edit.clear()
        self.kind_changed.emit()

    def value(self) -> ReporterInput:
        return ReporterInput(
            kind=self.kind() or ReporterKind.ANDERS,
            organisation=self.organisation_edit.text().strip(),
            name=self.name_edit.text().strip(),
            contact=self.contact_edit.text().strip(),
        )

    def problem(self) -> str:
        return "" if self.kind() is not None else KIND_MISSING

    def has_text(self) -> bool:
        return any(edit.text().strip() for edit in self.edits)

    def fields(self) -> dict[str, object]:
        return {
            "reporter_kind": self.kind(),
            "reporter_organisation": self.organisation_edit.text(),
            "reporter_name": self.name_edit.text(),
            "reporter_contact": self.contact_edit.text(),
        }

    def restore(self, fields: dict[str, object]) -> None:
        index = self.kind_combo.findData(str(fields.get("reporter_kind") or ""))
        self.kind_combo.setCurrentIndex(max(index, 0))
        self.organisation_edit.setText(str(fields.get("reporter_organisation") or ""))
        self.name_edit.setText(str(fields.get("reporter_name") or ""))
        self.contact_edit.setText(str(fields.get("reporter_contact") or ""))
