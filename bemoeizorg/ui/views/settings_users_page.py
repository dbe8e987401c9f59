"""Instellingen > Gebruikers: who can open this register, and with which role.

Everyone sees the list. Only a teamleider adds users, changes a role or removes a user (the
store refuses anyone else); a bemoeizorger sees the buttons disabled, with the reason in a
grey line. Removing a user gives the register a new key (seconds, on the worker): the
confirmation says that back-ups made before still open with the old passphrases, and offers
a fresh back-up and the removal of the older ones (ui/dialogs/rekey_dialog).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from bemoeizorg.casework.team_policy import ADD_USERS, CHANGE_USERS, MANAGE_USERS
from bemoeizorg.domain.people import Role
from bemoeizorg.store.register import Register
from bemoeizorg.ui import messages, style
from bemoeizorg.ui.dialogs.add_user_dialog import AddUserDialog
from bemoeizorg.ui.dialogs.rekey_dialog import RekeyDialog
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.models.row_table import SortProxy
from bemoeizorg.ui.models.user_model import UserColumn, UserModel, UserRow
from bemoeizorg.ui.register_session import Topic
from bemoeizorg.ui.teamleider_only import allow, is_lead, reason_label, show_reason
from bemoeizorg.ui.views.register_view import LOADING, RegisterView
from bemoeizorg.ui.widgets.table_view import TableView

EMPTY = "Geen gebruikers."
INTRO = (
    "Wie dit register kan openen, elk met een eigen wachtwoordzin. Een teamleider voegt "
    "gebruikers toe, past hun rol aan en verwijdert wie niet meer in het team werkt."
)
NOT_YOURSELF = "U kunt uzelf niet verwijderen; vraag dat aan een andere teamleider."


def remove_text(name: str) -> str:
    return (
        f"{name} kan het register daarna niet meer openen: de wachtwoordzin van {name} en "
        f"wat computers voor {name} onthouden, werken niet meer. Het register krijgt daarvoor "
        "een nieuwe sleutel; dat duurt enkele seconden. De casussen en het logboek blijven "
        "zoals ze zijn."
    )


def remove_text_server(name: str) -> str:
    return (
        f"{name} kan het teamregister daarna niet meer openen: de server laat de naam niet "
        "meer binnen. De casussen en het logboek blijven zoals ze zijn. Doorgaan?"
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
        self.table = TableView(EMPTY)
        self.table.setModel(self.proxy)
        self.table.sortByColumn(UserColumn.NAME, Qt.SortOrder.AscendingOrder)
        self.table.fit_columns({UserColumn.NAME})
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton("Toevoegen…")
        self.add_button.clicked.connect(self.add)
        self.role_button = QPushButton("Rol wijzigen…")
        self.role_button.clicked.connect(self.change_role)
        self.remove_button = QPushButton("Verwijderen…")
        self.remove_button.clicked.connect(self.remove_selected)
        self.reason = reason_label(MANAGE_USERS)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.role_button)
        buttons.addWidget(self.remove_button)
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
        self.table.set_placeholder(LOADING)
        self._session.call(read_users, self._loaded, self._read_failed)

    def _read_failed(self, exc: BaseException) -> None:
        self.table.set_placeholder("")
        show_error(exc)

    def _loaded(self, users: Users) -> None:
        self.table.set_placeholder(EMPTY)
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
        chosen = self.selected()
        for button in (self.role_button, self.remove_button):
            allow(button, self._lead, CHANGE_USERS)
            if self._lead and chosen is None:
                button.setEnabled(False)
                button.setToolTip("Kies eerst een gebruiker in de lijst.")
        if self._lead and chosen is not None and chosen.is_me:
            self.remove_button.setEnabled(False)
            self.remove_button.setToolTip(NOT_YOURSELF)

    # --- changing ------------------------------------------------------------------------

    def add(self) -> AddUserDialog | None:
        if not self._lead:
            return None
        return self._dialogs.open(AddUserDialog(self._session, self))

    @property
    def add_dialog(self) -> AddUserDialog | None:
        return self._dialogs.shown_by(self, AddUserDialog)

    def change_role(self) -> None:
        chosen = self.selected()
        if chosen is None or not self.role_button.isEnabled():
            return
        new = Role.BEMOEIZORGER if chosen.role is Role.TEAMLEIDER else Role.TEAMLEIDER
        if new is Role.TEAMLEIDER:
            more = (
                " Een teamleider kan gebruikers toevoegen en verwijderen, een nieuwe "
                "herstelcode maken, de bewaartermijnen toepassen en het teambeleid wijzigen."
            )
        else:
            more = " U houdt dan zelf geen teamleiderstaken meer." if chosen.is_me else ""
        if not messages.confirm(
            self, "Rol wijzigen", f"{chosen.name} wordt {new.label.lower()}.{more} Doorgaan?"
        ):
            return
        name = chosen.name
        self.status.setText("Bezig met het wijzigen van de rol…")
        self._session.call(
            lambda r: r.set_role(name, new),
            lambda _none: self._changed(f"{name} is nu {new.label.lower()}."),
            self._failed,
        )

    def remove_selected(self) -> RekeyDialog | None:
        chosen = self.selected()
        if chosen is None or not self.remove_button.isEnabled():
            return None
        name = chosen.name
        if self._session.on_server:
            # No key to renew: the server no longer lets the login role in.
            if messages.confirm(self, "Gebruiker verwijderen", remove_text_server(name)):
                self.status.setText("Bezig met verwijderen…")
                self._session.call(
                    lambda r: r.remove_user(name),
                    lambda _none: self._changed(f"{name} kan het teamregister niet meer openen."),
                    self._failed,
                )
            return None
        dialog = RekeyDialog(
            self._session,
            title="Gebruiker verwijderen",
            text=remove_text(name),
            accept_text="Verwijderen",
            change=lambda r: r.remove_user(name),
            done_text=f"{name} is verwijderd en kan het register niet meer openen.",
            parent=self,
        )
        return self._dialogs.open(dialog)

    @property
    def remove_dialog(self) -> RekeyDialog | None:
        return self._dialogs.shown_by(self, RekeyDialog)

    def _changed(self, text: str) -> None:
        self.status.setText(text)
        self._session.data_changed.emit(Topic.LOG)  # the list and one's own role read again

    def _failed(self, exc: BaseException) -> None:
        self.status.clear()
        messages.error(self, messages.dutch_error_text(exc))
