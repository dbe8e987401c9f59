"""Instellingen > Gemeenten: which of the fourteen municipalities this team covers.

A quick choice ticks a subregion; the boxes below make any other set. The quick choice
follows the boxes, so it always tells the truth about what is ticked.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from bemoeizorg.casework import reference_data
from bemoeizorg.domain.municipalities import MUNICIPALITIES, Subregion, codes_in
from bemoeizorg.ui import style
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.register_session import Topic
from bemoeizorg.ui.views.register_view import RegisterView

OUTSIDE_CONTRACT = "{name} (buiten het regionale contract)"
OUTSIDE_CONTRACT_TIP = (
    "{name} regelt bemoeizorg zelf, buiten het regionale contract. U kunt de gemeente toch "
    "kiezen als uw team er werkt."
)
CHOSEN_UNSAVED = "{count} gemeenten gekozen; nog niet opgeslagen."

# Quick choice label -> the codes it ticks (Venlo only by hand: outside the contract).
PRESETS: dict[str, frozenset[str]] = {
    "Noord-Limburg": frozenset(codes_in(Subregion.NOORD)),
    "Midden-Limburg": frozenset(codes_in(Subregion.MIDDEN)),
    "Noord en Midden": frozenset(codes_in(Subregion.NOORD) + codes_in(Subregion.MIDDEN)),
}
CUSTOM = "Eigen keuze"


class MunicipalitiesPage(RegisterView):
    topics = frozenset({Topic.MUNICIPALITIES})

    def build(self) -> None:
        self._stored: frozenset[str] = frozenset()
        self._note = ""  # shown while nothing is changed, e.g. "Opgeslagen."

        title = QLabel("Gemeenten")
        title.setStyleSheet(style.page_title())
        intro = QLabel(
            "Kies de gemeenten waarvoor dit team bemoeizorg doet. Alleen deze gemeenten "
            "zijn te kiezen bij een melding en komen in de jaarcijfers."
        )
        intro.setWordWrap(True)

        self.preset_group = QButtonGroup(self)
        self.preset_buttons: dict[str, QRadioButton] = {}
        presets = QHBoxLayout()
        for label in [*PRESETS, CUSTOM]:
            button = QRadioButton(label)
            self.preset_group.addButton(button)
            self.preset_buttons[label] = button
            presets.addWidget(button)
        presets.addStretch(1)
        self.preset_group.buttonClicked.connect(self._preset_clicked)

        self.boxes: dict[str, QCheckBox] = {}
        groups = QHBoxLayout()
        for subregion in Subregion:
            group = QGroupBox(subregion.value)
            inner = QVBoxLayout(group)
            for m in MUNICIPALITIES:
                if m.subregion is not subregion:
                    continue
                text = m.name if m.in_regional_contract else OUTSIDE_CONTRACT.format(name=m.name)
                box = QCheckBox(text)
                if not m.in_regional_contract:
                    box.setToolTip(OUTSIDE_CONTRACT_TIP.format(name=m.name))
                box.toggled.connect(self._boxes_changed)
                self.boxes[m.code] = box
                inner.addWidget(box)
            inner.addStretch(1)
            groups.addWidget(group)

        self.save_button = QPushButton("Opslaan")
        self.save_button.clicked.connect(self.save)
        self.undo_button = QPushButton("Wijzigingen ongedaan maken")
        self.undo_button.clicked.connect(self._show_stored)
        self.status = QLabel()
        self.status.setObjectName("municipalities_status")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.status, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(presets)
        layout.addLayout(groups)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._boxes_changed()

    # --- loading -------------------------------------------------------------------------

    def _unlocked(self) -> None:
        self._note = ""
        super()._unlocked()

    def load(self) -> None:
        self._session.call(reference_data.covered_municipalities, self._loaded, self._failed)

    def _loaded(self, codes: list[str]) -> None:
        self._stored = frozenset(codes)
        self._show_stored()

    def _show_stored(self) -> None:
        self.set_selection(self._stored)

    def clear(self) -> None:
        self._stored = frozenset()
        self._note = ""
        self.set_selection(frozenset())

    # --- choosing ------------------------------------------------------------------------

    def selection(self) -> frozenset[str]:
        return frozenset(code for code, box in self.boxes.items() if box.isChecked())

    def set_selection(self, codes: frozenset[str]) -> None:
        for code, box in self.boxes.items():
            box.blockSignals(True)  # one update at the end, not fourteen
            box.setChecked(code in codes)
            box.blockSignals(False)
        self._boxes_changed()

    def choose_preset(self, label: str) -> None:
        self.preset_buttons[label].click()

    def _preset_clicked(self, button: QRadioButton) -> None:
        codes = PRESETS.get(button.text())
        if codes is not None:
            self.set_selection(codes)

    def _boxes_changed(self) -> None:
        chosen = self.selection()
        label = next((name for name, codes in PRESETS.items() if codes == chosen), CUSTOM)
        self.preset_buttons[label].setChecked(True)
        dirty = chosen != self._stored
        self.save_button.setEnabled(dirty and bool(chosen))
        self.undo_button.setEnabled(dirty)
        if not chosen:
            self.status.setText("Kies minstens één gemeente.")
        elif dirty:
            self.status.setText(CHOSEN_UNSAVED.format(count=len(chosen)))
        else:
            self.status.setText(self._note)

    # --- saving --------------------------------------------------------------------------

    def save(self) -> None:
        codes = self.selection()
        if not codes:
            return
        self.save_button.setEnabled(False)
        self._session.call(
            lambda r: reference_data.set_covered_municipalities(r, codes),
            lambda _result: self._saved(codes),
            self._failed,
        )

    def _saved(self, codes: frozenset[str]) -> None:
        self._stored = codes
        self._note = "Opgeslagen."
        self._boxes_changed()
        self._session.data_changed.emit(Topic.MUNICIPALITIES)  # the log view reloads on any topic

    def _failed(self, exc: BaseException) -> None:
        self._boxes_changed()
        show_error(exc)
