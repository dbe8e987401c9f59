"""Nieuw register: file, register name, own name, role and specialism, the municipalities
the team covers, passphrase.

The creator becomes a team member and the ticked municipalities are covered in the same
job that makes the register, so a new register can take meldingen and an import naming
its creator as dossierhouder at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework import reference_data
from bemoeizorg.domain.municipalities import MUNICIPALITIES, Subregion
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.store.errors import RegisterError
from bemoeizorg.store.register import REGISTER_SUFFIX, Register
from bemoeizorg.ui import file_dialogs
from bemoeizorg.ui.dialogs.passphrase_dialog import PassphraseDialog
from bemoeizorg.ui.file_dialogs import FolderMemory
from bemoeizorg.ui.jobs import JobRunner

CREATING = "Het register wordt aangemaakt…"
NO_MUNICIPALITY = "Kies ten minste één gemeente die het team bedient."
OUTSIDE_CONTRACT = "{name} (buiten het regionale contract)"


class CreateRegisterDialog(PassphraseDialog):
    def __init__(
        self,
        runner: JobRunner,
        folder: Path,
        parent: QWidget | None = None,
        *,
        memory: FolderMemory | None = None,
    ) -> None:
        super().__init__("Nieuw register", accept_text="Aanmaken", min_width=620, parent=parent)
        self._runner = runner
        self._memory = memory  # the file dialog's last folder
        self.create_button = self.ok_button

        self.file_edit = QLineEdit(str(folder / f"team{REGISTER_SUFFIX}"))
        choose = QPushButton("Kiezen…")
        choose.clicked.connect(self._choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(choose)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("bijvoorbeeld: Bemoeizorg Midden-Limburg")
        self.user_edit = QLineEdit()
        self.user_edit.setPlaceholderText("voor- en achternaam")
        self.role_combo = QComboBox()
        for role in Role:
            self.role_combo.addItem(role.label, role)
        self.form.addRow("Bestand", file_row)
        self.form.addRow("Naam van het register", self.name_edit)
        self.form.addRow("Uw naam", self.user_edit)
        self.specialism_combo = QComboBox()
        for specialism in (Specialism.VOLWASSENEN, Specialism.JEUGD):
            self.specialism_combo.addItem(specialism.label, specialism)
        self.form.addRow("Uw rol", self.role_combo)
        self.form.addRow("Uw specialisme", self.specialism_combo)
        self.form.addRow("Gemeenten van het team", self._municipality_boxes())
        self.add_passphrase_rows()
        for edit in (self.file_edit, self.name_edit, self.user_edit):
            edit.textChanged.connect(self._update)
        self.passphrase.validity_changed.connect(self._update)
        self._update()

    def _municipality_boxes(self) -> QWidget:
        """All fourteen ticked: most teams start with the whole region; untick the rest."""
        self.municipality_boxes: dict[str, QCheckBox] = {}
        holder = QWidget()
        columns = QHBoxLayout(holder)
        columns.setContentsMargins(0, 0, 0, 0)
        for subregion in Subregion:
            group = QGroupBox(subregion.value)
            inner = QVBoxLayout(group)
            for m in sorted(MUNICIPALITIES, key=lambda m: m.name):
                if m.subregion is not subregion:
                    continue
                text = m.name if m.in_regional_contract else OUTSIDE_CONTRACT.format(name=m.name)
                box = QCheckBox(text)
                box.setChecked(True)
                box.toggled.connect(self._update)
                self.municipality_boxes[m.code] = box
                inner.addWidget(box)
            inner.addStretch(1)
            columns.addWidget(group)
        return holder

    def chosen_municipalities(self) -> list[str]:
        return sorted(code for code, box in self.municipality_boxes.items() if box.isChecked())

    @property
    def created(self) -> Register | None:
        return self.opened.register if self.opened else None

    @property
    def recovery_code(self) -> str:
        return self.opened.recovery_code if self.opened else ""

    def _choose_file(self) -> None:
        chosen = file_dialogs.save_file(
            self,
            self._memory,
            "Nieuw register opslaan als",
            self.file_edit.text(),
            f"Bemoeizorg-register (*{REGISTER_SUFFIX})",
            suffix=REGISTER_SUFFIX,
        )
        if chosen is not None:
            name = str(chosen)
            if not name.endswith(REGISTER_SUFFIX):
                name += REGISTER_SUFFIX
            self.file_edit.setText(name)

    def _problem(self) -> str:
        path_text = self.file_edit.text().strip()
        if not path_text:
            return "Kies een bestand voor het register."
        path = Path(path_text).expanduser()
        if path.exists():
            return "Er staat al een bestand met die naam. Kies een andere naam."
        if not path.parent.is_dir():
            return "De map van het bestand bestaat niet."
        if not self.name_edit.text().strip():
            return "Geef het register een naam."
        if not self.user_edit.text().strip():
            return "Vul uw naam in."
        if not self.chosen_municipalities():
            return NO_MUNICIPALITY
        return ""

    def _update(self) -> None:
        self.passphrase.set_context(self.user_edit.text(), self.name_edit.text())
        problem = self._problem()
        self.error_label.setText(problem if self.file_edit.text() else "")
        self.create_button.setEnabled(not problem and self.passphrase.is_valid())

    def start(self) -> None:
        problem = self._problem() or self.passphrase.problem()
        if problem:
            self.error_label.setText(problem)
            return
        path = Path(self.file_edit.text().strip()).expanduser()
        if path.suffix != REGISTER_SUFFIX:
            path = path.with_name(path.name + REGISTER_SUFFIX)
        name = self.name_edit.text()
        user = self.user_edit.text()
        role = Role(self.role_combo.currentData())
        specialism = Specialism(self.specialism_combo.currentData())
        codes = self.chosen_municipalities()
        passphrase = self.passphrase.passphrase()

        def create() -> tuple[Register, str]:
            register, code = Register.create(path, name, user, role, passphrase)
            try:
                reference_data.start_team(register, user, specialism, codes)
            except RegisterError:
                # The register exists: it must still open and show its recovery code, the
                # only moment it is shown. Team and gemeenten stay empty, as Instellingen
                # then shows, and can be set there.
                pass
            except BaseException:
                register.lock()  # not handed on: nobody else would lock it
                raise
            return register, code

        self.open_with(self._runner, create, busy_text=CREATING)
