"""The main window only assembles: start screen, unlock/lock screen, and the workspace
with its views. Flows between them are wired in one place, `_connect_signals()`.

Start-up loads only what the start and unlock screens need (issue 16). The one way to keep
it so: a workspace view is made, and its module imported, when its tab is first shown or
the window first asks for it (`_view`; the properties `case_view`, `case_list_view`, ...),
and a dialog's module is imported in the method that opens it. Until then its tab holds
an empty `_Placeholder`. `tests/test_startup_imports.py` names what the start screen must
not load.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QWidget,
)

from bemoeizorg import APP_NAME
from bemoeizorg.domain.formats import counted
from bemoeizorg.domain.people import Role
from bemoeizorg.ui import file_dialogs, messages
from bemoeizorg.ui.clipboard_guard import ClipboardGuard
from bemoeizorg.ui.dialog_host import DialogHost
from bemoeizorg.ui.idle_lock import IdleWatcher
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.register_opening import REMEMBERED, Opened, open_register
from bemoeizorg.ui.register_session import RegisterSession, Topic
from bemoeizorg.ui.views.start_view import StartView
from bemoeizorg.ui.views.unlock_view import UnlockView, set_notice

if TYPE_CHECKING:
    from bemoeizorg.casework.cases import CaseHeader
    from bemoeizorg.casework.drafts import DraftData
    from bemoeizorg.store.register import Register
    from bemoeizorg.ui.backup_schedule import BackupSchedule
    from bemoeizorg.ui.dialogs.create_register_dialog import CreateRegisterDialog
    from bemoeizorg.ui.dialogs.drafts_dialog import DraftsDialog
    from bemoeizorg.ui.dialogs.import_dialog import ImportDialog
    from bemoeizorg.ui.dialogs.intake_dialog import IntakeDialog
    from bemoeizorg.ui.dialogs.rekey_dialog import RekeyDialog
    from bemoeizorg.ui.dialogs.team_register_dialog import TeamRegisterDialog
    from bemoeizorg.ui.views.case_list_view import CaseListView
    from bemoeizorg.ui.views.case_view import CaseView
    from bemoeizorg.ui.views.counts_view import CountsView
    from bemoeizorg.ui.views.log_view import LogView
    from bemoeizorg.ui.views.meetings_view import MeetingsView
    from bemoeizorg.ui.views.my_work_view import MyWorkView
    from bemoeizorg.ui.views.settings_view import SettingsView

CASE_TAB = "Casus"
# The workspace's tabs in order: the view's name (a property of the window) and the title.
WORKSPACE_TABS = (
    ("my_work_view", "Mijn werk"),
    ("case_list_view", "Casussen"),
    ("case_view", CASE_TAB),
    ("meetings_view", "Netwerkoverleg"),
    ("counts_view", "Jaarcijfers"),
    ("log_view", "Logboek"),
    ("settings_view", "Instellingen"),
)
CASE_TAB_INDEX = 2
TEAM_LOCKED = "Het teamregister is gesloten. Open het opnieuw met uw naam en wachtwoord."
IDLE_LOCKED = (
    "Vergrendeld omdat er {minutes} geen toetsenbord of muis is gebruikt (in te stellen "
    "onder Instellingen > Algemeen). Typ uw wachtwoordzin om verder te gaan."
)
FORGET_TEXT = (
    "Deze computer onthoudt het register daarna niet meer: u typt weer uw wachtwoordzin. "
    "Het register krijgt ook een nieuwe sleutel, zodat een kopie van wat deze computer "
    "onthield het register niet meer opent; dat duurt enkele seconden."
)


class _Placeholder(QWidget):
    """A workspace tab whose view is not made yet."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class MainWindow(QMainWindow):
    def __init__(self, session: RegisterSession, window_settings: QSettings) -> None:
        super().__init__()
        self.session = session
        self._window_settings = window_settings
        self.setWindowTitle(APP_NAME)
        self.dialogs = DialogHost(session, self)  # every dialog of every view goes through it
        self.role: Role | None = None  # the acting user's, read from the register
        self._init_views()
        self._init_actions()
        self._init_idle_lock()
        self._connect_signals()
        self._restore_geometry()
        self.show_start()

    # --- building ------------------------------------------------------------------------

    def _init_views(self) -> None:
        self.start_view = StartView()
        self.unlock_view = UnlockView(self.session)
        self._views: dict[str, QWidget] = {}
        self._swapping = False  # a placeholder being replaced: its tab changes are no choice
        self.workspace = QTabWidget()
        self.workspace.setDocumentMode(True)
        for name, title in WORKSPACE_TABS:
            self.workspace.addTab(_Placeholder(name), title)
        self.workspace.currentChanged.connect(self._tab_shown)
        self.stack = QStackedWidget()
        for view in (self.start_view, self.unlock_view, self.workspace):
            self.stack.addWidget(view)
        self.setCentralWidget(self.stack)
        self.user_label = QLabel()
        self.statusBar().addPermanentWidget(self.user_label)

    # The workspace's views, made on first use (see the module's docstring).

    def _view(self, name: str) -> QWidget:
        """The view of tab `name`, made (and put in its tab) the first time it is asked for."""
        view = self._views.get(name)
        if view is not None:
            return view
        view = self._view_makers()[name]()
        self._views[name] = view
        index = next(i for i, (tab, _t) in enumerate(WORKSPACE_TABS) if tab == name)
        placeholder = self.workspace.widget(index)
        was_current = self.workspace.currentIndex() == index
        self._swapping = True
        try:
            # In beside the placeholder first, so no other view is shown (and reads) meanwhile.
            self.workspace.insertTab(index, view, self.workspace.tabText(index))
            if was_current:
                self.workspace.setCurrentIndex(index)
            self.workspace.removeTab(index + 1)
        finally:
            self._swapping = False
        if placeholder is not None:
            placeholder.deleteLater()
        return view

    def _tab_shown(self, index: int) -> None:
        placeholder = self.workspace.widget(index)
        if not self._swapping and isinstance(placeholder, _Placeholder):
            self._view(placeholder.name)

    def _view_makers(self) -> dict[str, Callable[[], QWidget]]:
        return {
            "my_work_view": self._make_my_work_view,
            "case_list_view": self._make_case_list_view,
            "case_view": self._make_case_view,
            "meetings_view": self._make_meetings_view,
            "counts_view": self._make_counts_view,
            "log_view": self._make_log_view,
            "settings_view": self._make_settings_view,
        }

    def _make_my_work_view(self) -> QWidget:
        from bemoeizorg.ui.views.my_work_view import MyWorkView

        view = MyWorkView(self.session)
        view.case_requested.connect(self.open_case)
        return view

    def _make_case_list_view(self) -> QWidget:
        from bemoeizorg.ui.views.case_list_view import CaseListView

        view = CaseListView(self.session)
        view.case_requested.connect(self.open_case)
        return view

    def _make_case_view(self) -> QWidget:
        from bemoeizorg.ui.views.case_view import CaseView

        view = CaseView(self.session, self.dialogs)
        view.loaded.connect(self._case_shown)
        return view

    def _make_meetings_view(self) -> QWidget:
        from bemoeizorg.ui.views.meetings_view import MeetingsView

        view = MeetingsView(self.session, self.dialogs)
        view.case_requested.connect(self.open_case)
        return view

    def _make_counts_view(self) -> QWidget:
        from bemoeizorg.ui.views.counts_view import CountsView

        return CountsView(self.session)

    def _make_log_view(self) -> QWidget:
        from bemoeizorg.ui.views.log_view import LogView

        return LogView(self.session)

    def _make_settings_view(self) -> QWidget:
        from bemoeizorg.ui.views.settings_view import SettingsView

        return SettingsView(self.session, self.dialogs)

    @property
    def my_work_view(self) -> MyWorkView:
        return cast("MyWorkView", self._view("my_work_view"))

    @property
    def case_list_view(self) -> CaseListView:
        return cast("CaseListView", self._view("case_list_view"))

    @property
    def case_view(self) -> CaseView:
        return cast("CaseView", self._view("case_view"))

    @property
    def meetings_view(self) -> MeetingsView:
        return cast("MeetingsView", self._view("meetings_view"))

    @property
    def counts_view(self) -> CountsView:
        return cast("CountsView", self._view("counts_view"))

    @property
    def log_view(self) -> LogView:
        return cast("LogView", self._view("log_view"))

    @property
    def settings_view(self) -> SettingsView:
        return cast("SettingsView", self._view("settings_view"))

    def _init_actions(self) -> None:
        self.new_report_action = QAction("Nieuwe melding…", self)
        self.new_report_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_report_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.new_report_action.setToolTip("Een nieuwe melding vastleggen (Ctrl+N)")
        self.import_action = QAction("Importeren uit spreadsheet…", self)
        self.import_register_action = QAction("Laptopregister inlezen…", self)
        self.lock_action = QAction("Vergrendelen", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.setToolTip("Vergrendel het register (Ctrl+L)")
        self.change_passphrase_action = QAction("Wachtwoordzin wijzigen…", self)
        self.add_user_action = QAction("Gebruiker toevoegen…", self)
        self.new_recovery_action = QAction("Nieuwe herstelcode…", self)
        self.remember_action = QAction("Onthouden op deze computer", self)
        self.forget_action = QAction("Vergeten op deze computer", self)
        self.close_action = QAction("Register sluiten", self)
        self.quit_action = QAction("Afsluiten", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.quit_action.setToolTip(
            "Het programma afsluiten (Ctrl+Q); het register wordt vergrendeld"
        )
        self.toolbar = QToolBar("Register")
        self.toolbar.setObjectName("register_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(self.toolbar)
        self.toolbar.addAction(self.new_report_action)
        self.toolbar.addSeparator()
        for action in (self.lock_action, self.change_passphrase_action, self.add_user_action):
            self.toolbar.addAction(action)
        # The Register menu, in this order; each works only while a register is open.
        self.register_actions = (
            self.new_report_action,
            self.import_action,
            self.import_register_action,
            self.lock_action,
            self.change_passphrase_action,
            self.add_user_action,
            self.new_recovery_action,
            self.remember_action,
            self.forget_action,
            self.close_action,
        )
        menu = self.menuBar().addMenu("&Register")
        menu.setToolTipsVisible(True)  # why a teamleider-only action is greyed out
        for action in self.register_actions:
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.quit_action)  # always: also from the start and lock screens
        self.addAction(self.quit_action)
        # The shortcuts work wherever focus is, also with the toolbar hidden.
        self.addAction(self.lock_action)
        self.addAction(self.new_report_action)

    def _init_idle_lock(self) -> None:
        self.idle = IdleWatcher(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self._apply_idle_setting()

    def _connect_signals(self) -> None:
        s = self.session
        self.clipboard_guard = ClipboardGuard(self)
        s.locked.connect(self.clipboard_guard.clear_if_ours)
        s.closed.connect(self.clipboard_guard.clear_if_ours)
        s.unlocked.connect(self.show_workspace)
        s.unlocked.connect(self._schedule_backups)
        s.locked.connect(self._show_lock_screen)
        s.closed.connect(self.show_start)
        s.settings_changed.connect(self._apply_idle_setting)
        s.data_changed.connect(self._data_changed)
        self.backup_schedule: BackupSchedule | None = None  # made at the first unlock
        self.idle.idle.connect(self.lock_after_idle)
        self.idle.lock_key_pressed.connect(self.lock_now)
        self.start_view.new_requested.connect(self.new_register)
        self.start_view.open_requested.connect(self.choose_register)
        self.start_view.open_path_requested.connect(self.open_register)
        self.start_view.demo_requested.connect(self.open_demo)
        self.start_view.team_requested.connect(self.open_team_register)
        self.unlock_view.back_requested.connect(self.session.close)
        self.unlock_view.recovery_requested.connect(self.recover)
        self.lock_action.triggered.connect(self.lock_now)
        self.change_passphrase_action.triggered.connect(self.change_passphrase)
        self.add_user_action.triggered.connect(self.add_user)
        self.new_recovery_action.triggered.connect(self.new_recovery_code)
        self.remember_action.triggered.connect(self.remember_here)
        self.forget_action.triggered.connect(self.forget_here)
        self.close_action.triggered.connect(self.session.close)
        self.quit_action.triggered.connect(self.close)  # closeEvent backs up and locks
        self.new_report_action.triggered.connect(self.new_report)
        self.import_action.triggered.connect(self.import_spreadsheet)
        self.import_register_action.triggered.connect(self.import_laptop_register)
        # The views' own signals are wired where each view is made (_make_...).

    def _schedule_backups(self) -> None:
        """The daily back-up follows every unlock; its module (the back-up code) loads at
        the first."""
        if self.backup_schedule is None:
            from bemoeizorg.ui.backup_schedule import BackupSchedule

            self.backup_schedule = BackupSchedule(self.session, self.statusBar(), self)
            self.backup_schedule.after_unlock()  # it follows the later unlocks itself

    # --- screens -------------------------------------------------------------------------

    def _set_register_actions(self, enabled: bool) -> None:
        if not enabled:
            self.role = None
        for action in self.register_actions:
            action.setEnabled(enabled)
        # A team register's passwords are the server's, and it has no key for this
        # computer to remember: what is about the file goes (users are added on the server).
        for action in (
            self.change_passphrase_action,
            self.new_recovery_action,
            self.remember_action,
            self.forget_action,
        ):
            action.setVisible(not self.session.on_server)
        self.import_register_action.setVisible(self.session.on_server)
        self.toolbar.setVisible(enabled)
        self._apply_role()

    def _apply_role(self) -> None:
        """Teamleider-only actions: disabled, with the reason, until the register says the
        acting user is a teamleider (the store refuses the rest anyway)."""
        if not self.session.is_unlocked:
            # Disabled with the rest: the reason (and casework with it) is for an open register.
            for action in (
                self.add_user_action,
                self.new_recovery_action,
                self.import_register_action,
            ):
                action.setEnabled(False)
            return
        from bemoeizorg.casework.team_policy import ADD_USERS, IMPORT_REGISTER, NEW_RECOVERY_CODE
        from bemoeizorg.ui.teamleider_only import allow, is_lead

        lead = is_lead(self.role)
        allow(self.add_user_action, lead, ADD_USERS)
        allow(self.new_recovery_action, lead, NEW_RECOVERY_CODE)
        allow(self.import_register_action, lead, IMPORT_REGISTER)

    def read_role(self) -> None:
        self.session.call(lambda r: r.role(), self._role_known)

    def _role_known(self, role: Role) -> None:
        if self.session.is_unlocked:
            self.role = role
            self._apply_role()

    def _data_changed(self, topic: str) -> None:
        # Users and roles change by log-only work: one's own role may have changed.
        if topic == Topic.LOG and self.session.is_unlocked:
            self.read_role()

    def show_start(self) -> None:
        self.idle.stop()
        self.start_view.set_recent(self.session.settings.recent_registers)
        self.stack.setCurrentWidget(self.start_view)
        self._set_register_actions(False)
        self.user_label.clear()
        self.setWindowTitle(APP_NAME)
        self._forget_case_tab()

    def show_workspace(self) -> None:
        self.workspace.setCurrentWidget(self.my_work_view)
        self.stack.setCurrentWidget(self.workspace)
        self._set_register_actions(True)
        self.user_label.setText(f"Ingelogd als {self.session.user}")
        self.setWindowTitle(f"{self.session.register_name} — {APP_NAME}")
        self.idle.start()
        self.read_role()
        self.offer_drafts()

    def _show_lock_screen(self) -> None:
        self.idle.stop()
        self._forget_case_tab()
        self._set_register_actions(False)
        self.user_label.clear()
        self.setWindowTitle(APP_NAME)
        if self.session.on_server:
            # A team register has no file to unlock again: it is opened anew, with the
            # password, from the start screen.
            self.session.close()
            self.statusBar().showMessage(TEAM_LOCKED)
        elif self.session.path is not None and self.unlock_view.prepare(
            self.session.path, locked=True
        ):
            self.stack.setCurrentWidget(self.unlock_view)
        else:
            self.show_start()

    def _apply_idle_setting(self) -> None:
        self.idle.set_timeout_ms(self.session.settings.idle_lock_minutes * 60_000)

    def _forget_case_tab(self) -> None:
        """Nothing of a case stays on screen behind the lock: not even the tab's title."""
        if "case_view" in self._views:  # a case view never made shows nothing
            self.case_view.clear()
        self.workspace.setTabText(CASE_TAB_INDEX, CASE_TAB)

    def _case_shown(self, header: CaseHeader) -> None:
        self.workspace.setTabText(CASE_TAB_INDEX, f"{CASE_TAB} {header.number}")

    # --- daily work ----------------------------------------------------------------------

    def open_case(self, case_id: int, *, resume_draft: bool = False) -> None:
        self.case_view.show_case(case_id, resume_draft=resume_draft)
        self.workspace.setCurrentWidget(self.case_view)

    def change_passphrase(self) -> None:
        from bemoeizorg.ui.dialogs.change_passphrase_dialog import ChangePassphraseDialog

        self.dialogs.open(ChangePassphraseDialog(self.session, self))

    def add_user(self) -> None:
        from bemoeizorg.ui.dialogs.add_user_dialog import AddUserDialog

        self.dialogs.open(AddUserDialog(self.session, self))

    def new_report(self) -> IntakeDialog | None:
        if not self.session.is_unlocked:
            return None
        from bemoeizorg.ui.dialogs.intake_dialog import IntakeDialog

        dialog = IntakeDialog(self.session, self)
        self._open_intake(dialog)
        return dialog

    def _open_intake(self, dialog: IntakeDialog) -> None:
        dialog.accepted.connect(lambda: self._intake_saved(dialog))
        self.dialogs.open(dialog)

    def _intake_saved(self, dialog: IntakeDialog) -> None:
        if dialog.saved_case_id is not None and self.session.is_unlocked:
            self.open_case(dialog.saved_case_id)

    def import_spreadsheet(self) -> ImportDialog | None:
        if not self.session.is_unlocked:
            return None
        from bemoeizorg.ui.dialogs.import_dialog import ImportDialog

        return self.dialogs.open(ImportDialog(self.session, self))

    def import_laptop_register(self) -> None:
        """A laptop's register into the open team register (a teamleider's)."""
        if not self.session.is_unlocked:
            return
        from bemoeizorg.ui.dialogs.import_register_dialog import (
            ImportRegisterDialog,
            imported_text,
        )

        dialog = ImportRegisterDialog(self.session, self)

        def imported() -> None:
            if dialog.imported is not None:
                self.statusBar().showMessage(imported_text(dialog.imported))

        dialog.accepted.connect(imported)
        self.dialogs.open(dialog)

    def offer_drafts(self) -> None:
        """After each unlock: what the user was typing when the lock or a crash came."""
        from bemoeizorg.casework.drafts import described_drafts

        self.session.call(described_drafts, self._drafts_found)

    def _drafts_found(self, drafts: list[tuple[DraftData, str]]) -> None:
        if not drafts or not self.session.is_unlocked:
            return
        from bemoeizorg.ui.dialogs.drafts_dialog import DraftsDialog

        dialog = DraftsDialog(self.session, drafts, self)
        dialog.accepted.connect(lambda: self.resume_draft(dialog.chosen))
        self.dialogs.open(dialog)

    @property
    def drafts_dialog(self) -> DraftsDialog | None:
        from bemoeizorg.ui.dialogs.drafts_dialog import DraftsDialog

        return self.dialogs.shown_by(self, DraftsDialog)

    def resume_draft(self, draft: DraftData | None) -> None:
        if draft is None or not self.session.is_unlocked:
            return
        from bemoeizorg.casework.drafts import DraftKind
        from bemoeizorg.ui.dialogs.intake_dialog import IntakeDialog

        if draft.kind is DraftKind.CONTACT and draft.case_id is not None:
            self.open_case(draft.case_id, resume_draft=True)
        else:
            self._open_intake(IntakeDialog.from_draft(self.session, draft, self))

    # --- flows ---------------------------------------------------------------------------

    def lock_now(self) -> None:
        """Close every dialog, then show only the lock screen; key and connection go."""
        if not self.session.is_unlocked:
            return
        self.dialogs.close_all()  # before the lock: their drafts are queued ahead of it
        self.session.lock()

    def lock_after_idle(self) -> None:
        """The idle lock, and on the lock screen why it came: nobody pressed a key for a
        while (a lock out of the blue reads as a crash)."""
        if not self.session.is_unlocked:
            return
        minutes = self.session.settings.idle_lock_minutes
        set_notice(self.session, IDLE_LOCKED.format(minutes=counted(minutes, "minuut", "minuten")))
        self.lock_now()

    def new_register(self) -> CreateRegisterDialog:
        from bemoeizorg.ui.dialogs.create_register_dialog import CreateRegisterDialog

        dialog = CreateRegisterDialog(
            self.session.runner,
            file_dialogs.start_folder(self.session),
            self,
            memory=self.session,
        )
        dialog.accepted.connect(lambda: self._register_created(dialog))
        return self.dialogs.open(dialog)

    def _register_created(self, dialog: CreateRegisterDialog) -> None:
        opened = dialog.opened
        if opened is None:
            return
        from bemoeizorg.ui.dialogs.recovery_code_dialog import RecoveryCodeDialog

        shown = self.dialogs.open(RecoveryCodeDialog(opened.recovery_code, opened.name, self))
        # The recovery code is seen (and confirmed) before the register opens.
        shown.finished.connect(lambda _result: opened.adopt(self.session))

    def choose_register(self) -> None:
        from bemoeizorg.store.peek import REGISTER_SUFFIX

        chosen = file_dialogs.open_file(
            self,
            self.session,
            "Register openen",
            f"Bemoeizorg-register (*{REGISTER_SUFFIX});;Alle bestanden (*)",
        )
        if chosen is not None:
            self.open_register(chosen)

    def open_register(self, path: Path) -> None:
        self.session.choose(path)
        if self.unlock_view.prepare(path, locked=False):
            self.stack.setCurrentWidget(self.unlock_view)
            self.unlock_view.try_remembered()
        else:
            if not path.exists():
                self.session.settings.forget_register(path)
                self.session.save_settings()
            self.show_start()

    def open_demo(self) -> None:
        """The demo register is made on first use and opened with its public passphrase."""
        # Imported here: Faker costs start-up time and only the demo needs it.
        from bemoeizorg.demo import DEMO_PASSPHRASE, DEMO_USER, create_demo, demo_path
        from bemoeizorg.store.register import Register

        path = demo_path()
        self.statusBar().showMessage("Demoregister wordt geopend…")

        def how() -> Register:
            if path.exists():
                return Register.unlock(path, DEMO_USER, DEMO_PASSPHRASE)
            path.parent.mkdir(parents=True, exist_ok=True)
            return create_demo(path)

        def done(opened: Opened) -> None:
            self.statusBar().clearMessage()
            opened.adopt(self.session)

        def failed(exc: BaseException) -> None:
            self.statusBar().clearMessage()
            show_error(exc)

        open_register(self.session.runner, how, done, failed)

    def open_team_register(self) -> None:
        from bemoeizorg.ui.dialogs.team_register_dialog import TeamRegisterDialog

        dialog = TeamRegisterDialog(self.session.runner, self.session.settings, self)
        dialog.accepted.connect(lambda: self._team_opened(dialog))
        self.dialogs.open(dialog)

    def _team_opened(self, dialog: TeamRegisterDialog) -> None:
        """The address and name (never the password) are filled in next time."""
        settings = self.session.settings
        settings.last_team_register, settings.last_team_user = dialog.url, dialog.user
        settings.team_password_remembered = dialog.remembered
        self.session.save_settings()
        self._recovered(dialog.opened)
        if dialog.keyring_note:
            self.statusBar().showMessage(dialog.keyring_note)

    def recover(self) -> None:
        path = self.session.path
        if path is None:
            return
        from bemoeizorg.ui.dialogs.recover_dialog import RecoverDialog

        dialog = RecoverDialog(self.session.runner, path, self.unlock_view.users(), self)
        dialog.accepted.connect(lambda: self._recovered(dialog.opened))
        self.dialogs.open(dialog)

    def _recovered(self, opened: Opened | None) -> None:
        if opened is not None:
            opened.adopt(self.session)

    def new_recovery_code(self) -> None:
        # The role is read on the worker, like every other register access.
        self.session.call(lambda r: r.role(), self._new_recovery_code_for)

    def _new_recovery_code_for(self, role: Role) -> None:
        if role is not Role.TEAMLEIDER:
            messages.error(self, "Alleen een teamleider kan een nieuwe herstelcode maken.")
            return
        if not messages.confirm(
            self,
            "Nieuwe herstelcode",
            "Na het maken van een nieuwe herstelcode werkt de oude niet meer. Doorgaan?",
        ):
            return
        name = self.session.register_name
        from bemoeizorg.ui.dialogs.recovery_code_dialog import RecoveryCodeDialog

        self.session.call(
            lambda r: r.new_recovery_code(),
            lambda code: self.dialogs.open(RecoveryCodeDialog(str(code), name, self)),
        )

    def remember_here(self) -> None:
        from bemoeizorg.store import keyring_store

        self.session.call(keyring_store.remember, lambda _r: messages.notice(self, REMEMBERED))

    def forget_here(self) -> None:
        # Asked on the worker: the keyring may take a moment (or be locked).
        from bemoeizorg.store import keyring_store

        self.session.call(lambda r: keyring_store.is_remembered(r.path), self._forget_asked)

    def _forget_asked(self, remembered: bool) -> RekeyDialog | None:
        if not self.session.is_unlocked:
            return None
        if not remembered:
            messages.info(self, "Vergeten", "Deze computer onthield het register niet.")
            return None
        from bemoeizorg.store import keyring_store
        from bemoeizorg.ui.dialogs.rekey_dialog import RekeyDialog

        dialog = RekeyDialog(
            self.session,
            title="Vergeten op deze computer",
            text=FORGET_TEXT,
            accept_text="Vergeten",
            change=keyring_store.forget,
            done_text="Deze computer onthoudt het register niet meer.",
            parent=self,
        )
        return self.dialogs.open(dialog)

    # --- geometry and closing ------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self._window_settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 760)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._window_settings.setValue("main_window/geometry", self.saveGeometry())
        self._window_settings.sync()
        if self.backup_schedule is not None:  # none: never unlocked, nothing to back up
            self.backup_schedule.before_close()  # queued ahead of the lock; wait() below
        self.session.lock()
        self.session.runner.wait()
        super().closeEvent(event)
