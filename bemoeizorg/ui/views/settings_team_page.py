"""Instellingen > Team: the people who can be case owner (dossierhouder)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from bemoeizorg.casework import reference_data
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.ui import style
from bemoeizorg.ui.dialogs.team_member_dialog import TeamMemberDialog
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.models.row_table import SortProxy
from bemoeizorg.ui.models.team_member_model import TeamColumn, TeamMemberModel
from bemoeizorg.ui.register_session import Topic
from bemoeizorg.ui.views.register_view import LOADING, RegisterView
from bemoeizorg.ui.widgets.table_view import TableView

EMPTY = "Nog geen teamleden. Kies 'Toevoegen…' om de eerste dossierhouder vast te leggen."


class TeamPage(RegisterView):
    topics = frozenset({Topic.TEAM})

    def build(self) -> None:
        title = QLabel("Team")
        title.setStyleSheet(style.page_title())
        intro = QLabel(
            "Teamleden kunnen dossierhouder van een casus zijn. Wie niet meer in het team "
            "werkt, zet u op niet actief: eerdere casussen houden zo hun dossierhouder."
        )
        intro.setWordWrap(True)
        self.show_inactive = QCheckBox("Ook niet-actieve teamleden tonen")
        self.show_inactive.setChecked(True)
        self.show_inactive.toggled.connect(self._filter_changed)

        self.model = TeamMemberModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = TableView(EMPTY)
        self.table.setModel(self.proxy)
        self.table.sortByColumn(TeamColumn.NAME, Qt.SortOrder.AscendingOrder)
        self.table.fit_columns({TeamColumn.NAME})
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton("Toevoegen…")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton("Wijzigen…")
        self.edit_button.clicked.connect(self.edit_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.show_inactive)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    # --- loading -------------------------------------------------------------------------

    def load(self) -> None:
        self.table.set_placeholder(LOADING)  # "Nog geen teamleden" only once known
        self._session.call(reference_data.team_members, self._loaded, self._failed)

    def _loaded(self, members: list[TeamMemberData]) -> None:
        self.table.set_placeholder(EMPTY)
        self.model.set_rows(members)
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self.table.set_placeholder("")
        show_error(exc)

    def clear(self) -> None:
        self.model.clear()
        self._update_buttons()

    def _filter_changed(self, show_inactive: bool) -> None:
        self.proxy.set_row_filter(None if show_inactive else lambda m: m.active)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.table.selected_value() is not None)

    # --- changing ------------------------------------------------------------------------

    def add(self) -> TeamMemberDialog:
        return self.open_form(TeamMemberDialog(self._session, None, self), Topic.TEAM)

    def edit_selected(self) -> TeamMemberDialog | None:
        member = self.table.selected_value()
        if not isinstance(member, TeamMemberData):
            return None
        return self.open_form(TeamMemberDialog(self._session, member, self), Topic.TEAM)

    @property
    def dialog(self) -> TeamMemberDialog | None:
        return self._dialogs.shown_by(self, TeamMemberDialog)
