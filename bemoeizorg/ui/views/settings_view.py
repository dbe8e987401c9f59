"""Instellingen: a list of pages on the left, the chosen page on the right.

Each page loads and saves its own part through the session; this view only assembles.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QStackedWidget, QWidget

from bemoeizorg.ui import style
from bemoeizorg.ui.dialog_host import DialogHost
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views.settings_backup_page import BackupPage
from bemoeizorg.ui.views.settings_contact_points_page import ContactPointsPage
from bemoeizorg.ui.views.settings_general_page import GeneralPage
from bemoeizorg.ui.views.settings_municipalities_page import MunicipalitiesPage
from bemoeizorg.ui.views.settings_retention_page import RetentionPage
from bemoeizorg.ui.views.settings_team_page import TeamPage
from bemoeizorg.ui.views.settings_users_page import UsersPage


class SettingsView(QWidget):
    def __init__(
        self,
        session: RegisterSession,
        dialogs: DialogHost | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # The main window's host; a view built on its own (tests) hosts its own dialogs.
        dialogs = dialogs or DialogHost(session, self)
        self.general_page = GeneralPage(session)
        self.municipalities_page = MunicipalitiesPage(session)
        self.contact_points_page = ContactPointsPage(session, dialogs)
        self.team_page = TeamPage(session, dialogs)
        self.users_page = UsersPage(session, dialogs)
        self.retention_page = RetentionPage(session, dialogs)
        self.backup_page = BackupPage(session)

        self.page_list = QListWidget()
        self.page_list.setObjectName("settings_pages")
        self.page_list.setStyleSheet(style.list_item_padding("QListWidget#settings_pages"))
        self.pages = QStackedWidget()
        for label, page in (
            ("Algemeen", self.general_page),
            ("Gemeenten", self.municipalities_page),
            ("Aanspreekpunten", self.contact_points_page),
            ("Team", self.team_page),
            ("Gebruikers", self.users_page),
            ("Bewaartermijnen", self.retention_page),
            ("Back-ups", self.backup_page),
        ):
            self.page_list.addItem(label)
            self.pages.addWidget(page)
        self.page_list.setFixedWidth(self.page_list.sizeHintForColumn(0) + 40)
        self.page_list.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.page_list.setCurrentRow(0)

        layout = QHBoxLayout(self)
        layout.addWidget(self.page_list)
        layout.addWidget(self.pages, 1)
        self._session = session
        session.unlocked.connect(self._fit_to_register)
        self._fit_to_register()

    def _fit_to_register(self) -> None:
        """A team register's back-ups are the server administrator's (Algemeen says so):
        no page for file back-ups."""
        backups = self.page_list.findItems("Back-ups", Qt.MatchFlag.MatchExactly)[0]
        backups.setHidden(self._session.on_server)
        if self._session.on_server and self.pages.currentWidget() is self.backup_page:
            self.page_list.setCurrentRow(0)

    def show_page(self, label: str) -> None:
        """Bring a page forward by the name the user sees in the list."""
        found = self.page_list.findItems(label, Qt.MatchFlag.MatchExactly)
        if found:
            self.page_list.setCurrentItem(found[0])
