"""Instellingen > Gebruikers: who can open this register, and with which role.

Everyone sees the list. Only a teamleider adds users (the store refuses anyone else); a
bemoeizorger sees the buttons disabled, with the reason in a grey line.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from bemoeizorg.casework.team_policy import ADD_USERS
from bemoeizorg.domain.people import Role
from bemoeizorg.store.register import Register
from bemoeizorg.ui import style
from bemoeizorg.ui.dialogs.add_user_dialog import AddUserDialog
from bemoeizorg.ui.models.row_table import SortProxy
from bemoeizorg.ui.models.user_model import UserColumn, UserModel, UserRow
from bemoeizorg.ui.register_session import Topic
from bemoeizorg.ui.teamleider_only import allow, is_lead, reason_label, show_reason
from bemoeizorg.ui.views.register_view import RegisterView
from bemoeizorg.ui.widgets.table_view import TableView

INTRO = (
    "Wie dit register kan openen, elk met een eigen wachtwoordzin. Een teamleider voegt "
    "gebruikers toe, past hun rol aan en verwijdert wie niet meer in het team werkt."
)


@dataclass(frozen=True, slots=True)
class Users:
    rows: list[UserRow]
    my_role: Role


def read_users(register: Register) -> Users:
    me = register.user.casefold()
    rows = [UserRow(u.name, u.role, u.name.casefold() == me) for u in register.users()]
    return Users(rows, register.role())


class UsersPage(RegisterView):
    # Adding a user, changing a role or a passphrase writes only the log (Topic.LOG).
    topics = frozenset({Topic.LOG})

    def build(self) -> None:
        self._lead = False
        title = QLabel("Gebruikers")
        title.setStyleSheet(style.page_title())
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.model = UserModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = TableView("Geen gebruikers.")
        self.table.setModel(self.proxy)
        self.table.sortByColumn(UserColumn.NAME, Qt.SortOrder.AscendingOrder)
        self.table.fit_columns({UserColumn.NAME})
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton("Toevoegen…")
        self.add_button.clicked.connect(self.add)
        self.reason = reason_label(ADD_USERS)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.reason)
        layout.addLayout(buttons)
        self._update_buttons()

    # --- loading -------------------------------------------------------------------------

    def load(self) -> None:
        self._session.call(read_users, self._loaded)

    def _loaded(self, users: Users) -> None:
        self._lead = is_lead(users.my_role)
        self.model.set_rows(users.rows)
        show_reason(self.reason, self._lead)
        self._update_buttons()

    def clear(self) -> None:
        self._lead = False
        self.model.clear()
        self.status.clear()
        self._update_buttons()

    def selected(self) -> UserRow | None:
        chosen = self.table.selected_value()
        return chosen if isinstance(chosen, UserRow) else None

    def _update_buttons(self) -> None:
        allow(self.add_button, self._lead, ADD_USERS)

    # --- changing ------------------------------------------------------------------------

    def add(self) -> AddUserDialog | None:
        if not self._lead:
            return None
        return self._dialogs.open(AddUserDialog(self._session, self))

    @property
    def add_dialog(self) -> AddUserDialog | None:
        return self._dialogs.shown_by(self, AddUserDialog)
