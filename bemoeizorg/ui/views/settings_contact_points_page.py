"""Instellingen > Aanspreekpunten: each municipality's contact point, over time."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from bemoeizorg.casework import reference_data
from bemoeizorg.domain.municipalities import MUNICIPALITIES, Subregion
from bemoeizorg.domain.team import ContactPointData
from bemoeizorg.store.register import Register
from bemoeizorg.ui import messages, style
from bemoeizorg.ui.dialogs.contact_point_dialog import ContactPointDialog
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.models.contact_point_model import (
    ContactPointColumn,
    ContactPointModel,
    municipality_name,
)
from bemoeizorg.ui.models.row_table import SortProxy
from bemoeizorg.ui.register_session import Topic
from bemoeizorg.ui.views.register_view import LOADING, RegisterView
from bemoeizorg.ui.widgets.table_view import TableView

EMPTY_ALL = "Nog geen aanspreekpunten vastgelegd. Kies 'Toevoegen…' om er een vast te leggen."
EMPTY_ONE = (
    "{municipality} heeft nog geen aanspreekpunt. Kies 'Toevoegen…' om er een vast te leggen."
)
CONFIRM_DELETE = (
    "{name} verwijderen als aanspreekpunt van {municipality}? Is deze persoon alleen niet "
    "meer het aanspreekpunt, geef dan liever een einddatum: dan blijft zichtbaar wie het was."
)
MISSING = "Zonder aanspreekpunt van vandaag: {names}."


def _load(register: Register) -> tuple[list[ContactPointData], list[str]]:
    return (
        reference_data.contact_points(register),
        reference_data.covered_municipalities(register),
    )


class ContactPointsPage(RegisterView):
    topics = frozenset({Topic.CONTACT_POINTS, Topic.MUNICIPALITIES})

    def build(self) -> None:
        self._covered: list[str] = []

        title = QLabel("Aanspreekpunten")
        title.setStyleSheet(style.page_title())
        self.municipality_combo = QComboBox()
        self.municipality_combo.addItem("Alle gemeenten", None)
        for subregion in Subregion:
            self.municipality_combo.insertSeparator(self.municipality_combo.count())
            for m in MUNICIPALITIES:
                if m.subregion is subregion:
                    self.municipality_combo.addItem(m.name, m.code)
        self.municipality_combo.currentIndexChanged.connect(self._filter_changed)

        self.model = ContactPointModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = TableView(EMPTY_ALL)
        self.table.setModel(self.proxy)
        self.table.sortByColumn(ContactPointColumn.MUNICIPALITY, Qt.SortOrder.AscendingOrder)
        self.table.fit_columns(
            {ContactPointColumn.NAME, ContactPointColumn.ORGANISATION, ContactPointColumn.EMAIL}
        )
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        self.missing_label.setStyleSheet(style.attention_text())
        self.add_button = QPushButton("Toevoegen…")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton("Wijzigen…")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("Verwijderen")
        self.delete_button.clicked.connect(self.delete_selected)

        top = QHBoxLayout()
        top.addWidget(QLabel("Gemeente"))
        top.addWidget(self.municipality_combo)
        top.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.missing_label)
        layout.addLayout(buttons)
        self._update_buttons()

    # --- loading -------------------------------------------------------------------------

    def load(self) -> None:
        self.table.set_placeholder(LOADING)  # "none here" only once the register answered
        self._session.call(_load, self._loaded, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.table.set_placeholder("")
        show_error(exc)

    def _loaded(self, result: tuple[list[ContactPointData], list[str]]) -> None:
        rows, self._covered = result
        self.model.set_rows(rows)
        self._filter_changed()  # its placeholder instead of the loading one
        self._show_missing()
        self._update_buttons()

    def clear(self) -> None:
        self._covered = []
        self.model.clear()
        self.missing_label.clear()
        self._update_buttons()

    def _show_missing(self) -> None:
        today = date.today()
        served = {cp.municipality_code for cp in self.model.rows() if cp.current_on(today)}
        names = [municipality_name(c) for c in self._covered if c not in served]
        self.missing_label.setText(MISSING.format(names=", ".join(names)) if names else "")
        self.missing_label.setVisible(bool(names))

    # --- filtering -----------------------------------------------------------------------

    def selected_municipality(self) -> str | None:
        code = self.municipality_combo.currentData()
        return str(code) if code else None

    def show_municipality(self, code: str | None) -> None:
        self.municipality_combo.setCurrentIndex(max(self.municipality_combo.findData(code), 0))

    def _filter_changed(self) -> None:
        code = self.selected_municipality()
        if code is None:
            self.proxy.set_row_filter(None)
            self.table.set_placeholder(EMPTY_ALL)
        else:
            self.proxy.set_row_filter(lambda cp: cp.municipality_code == code)
            self.table.set_placeholder(EMPTY_ONE.format(municipality=municipality_name(code)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.table.selected_value() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    # --- changing ------------------------------------------------------------------------

    def add(self) -> ContactPointDialog:
        code = self.selected_municipality()
        dialog = ContactPointDialog(self._session, None, code, self)
        return self.open_form(dialog, Topic.CONTACT_POINTS)

    def edit_selected(self) -> ContactPointDialog | None:
        cp = self.table.selected_value()
        if not isinstance(cp, ContactPointData):
            return None
        dialog = ContactPointDialog(self._session, cp, parent=self)
        return self.open_form(dialog, Topic.CONTACT_POINTS)

    @property
    def dialog(self) -> ContactPointDialog | None:
        return self._dialogs.shown_by(self, ContactPointDialog)

    def delete_selected(self) -> None:
        cp = self.table.selected_value()
        if not isinstance(cp, ContactPointData) or cp.id is None:
            return
        question = CONFIRM_DELETE.format(
            name=cp.name, municipality=municipality_name(cp.municipality_code)
        )
        if not messages.confirm(self, "Aanspreekpunt verwijderen", question):
            return
        cp_id = cp.id
        self._session.call(lambda r: reference_data.delete_contact_point(r, cp_id), self._deleted)

    def _deleted(self, _result: object) -> None:
        self._session.data_changed.emit(Topic.CONTACT_POINTS)
