"""The main window only assembles: start screen, unlock/lock screen, and the workspace
with its views. Flows between them are wired in one place, `_connect_signals()`."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QToolBar,
)

from bemoeizorg import APP_NAME
from bemoeizorg.casework.cases import CaseHeader
from bemoeizorg.casework.drafts import DraftData, DraftKind, described_drafts
from bemoeizorg.casework.team_policy import ADD_USERS, NEW_RECOVERY_CODE
from bemoeizorg.domain.formats import counted
from bemoeizorg.domain.people import Role
from bemoeizorg.store import keyring_store
from bemoeizorg.store.register import REGISTER_SUFFIX, Register
from bemoeizorg.ui import file_dialogs, messages
from bemoeizorg.ui.backup_schedule import BackupSchedule
from bemoeizorg.ui.clipboard_guard import ClipboardGuard
from bemoeizorg.ui.dialog_host import DialogHost
from bemoeizorg.ui.dialogs.add_user_dialog import AddUserDialog
from bemoeizorg.ui.dialogs.change_passphrase_dialog import ChangePassphraseDialog
from bemoeizorg.ui.dialogs.create_register_dialog import CreateRegisterDialog
from bemoeizorg.ui.dialogs.drafts_dialog import DraftsDialog
from bemoeizorg.ui.dialogs.import_dialog import ImportDialog
from bemoeizorg.ui.dialogs.intake_dialog import IntakeDialog
from bemoeizorg.ui.dialogs.recover_dialog import RecoverDialog
from bemoeizorg.ui.dialogs.recovery_code_dialog import RecoveryCodeDialog
from bemoeizorg.ui.dialogs.rekey_dialog import RekeyDialog
from bemoeizorg.ui.idle_lock import IdleWatcher
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.register_opening import REMEMBERED, Opened, open_register
from bemoeizorg.ui.register_session import RegisterSession, Topic
from bemoeizorg.ui.teamleider_only import allow, is_lead
from bemoeizorg.ui.views.case_list_view import CaseListView
from bemoeizorg.ui.views.case_view import CaseView
from bemoeizorg.ui.views.counts_view import CountsView
from bemoeizorg.ui.views.log_view import LogView
from bemoeizorg.ui.views.meetings_view import MeetingsView
from bemoeizorg.ui.views.my_work_view import MyWorkView
from bemoeizorg.ui.views.settings_view import SettingsView
from bemoeizorg.ui.views.start_view import StartView
from bemoeizorg.ui.views.unlock_view import UnlockView, set_notice

CASE_TAB = "Casus"
IDLE_LOCKED = (
    "Vergrendeld omdat er {minutes} geen toetsenbord of muis is gebruikt (in te stellen "
    "onder Instellingen > Algemeen). Typ uw wachtwoordzin om verder te gaan."
)
FORGET_TEXT = (
    "Deze computer onthoudt het register daarna niet meer: u typt weer uw wachtwoordzin. "
    "Het register krijgt ook een nieuwe sleutel, zodat een kopie van wat deze computer "
    "onthield het register niet meer opent; dat duurt enkele seconden."
)


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
        self.settings_view = SettingsView(self.session, self.dialogs)
        self.log_view = LogView(self.session)
        self.my_work_view = MyWorkView(self.session)
        self.case_list_view = CaseListView(self.session)
        self.case_view = CaseView(self.session, self.dialogs)
        self.counts_view = CountsView(self.session)
        self.meetings_view = MeetingsView(self.session, self.dialogs)
        self.workspace = QTabWidget()
        self.workspace.setDocumentMode(True)
        self.workspace.addTab(self.my_work_view, "Mijn werk")
        self.workspace.addTab(self.case_list_view, "Casussen")
        self.workspace.addTab(self.case_view, CASE_TAB)
        self.workspace.addTab(self.meetings_view, "Netwerkoverleg")
        self.workspace.addTab(self.counts_view, "Jaarcijfers")
        self.workspace.addTab(self.log_view, "Logboek")
        self.workspace.addTab(self.settings_view, "Instellingen")
        self.stack = QStackedWidget()
        for view in (self.start_view, self.unlock_view, self.workspace):
            self.stack.addWidget(view)
        self.setCentralWidget(self.stack)
        self.user_label = QLabel()
        self.statusBar().addPermanentWidget(self.user_label)

    def _init_actions(self) -> None:
        self.new_report_action = QAction("Nieuwe melding…", self)
        self.new_report_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_report_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.new_report_action.setToolTip("Een nieuwe melding vastleggen (Ctrl+N)")
        self.import_action = QAction("Importeren uit spreadsheet…", self)
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
        s.locked.connect(self._show_lock_screen)
        s.closed.connect(self.show_start)
        s.settings_changed.connect(self._apply_idle_setting)
        s.data_changed.connect(self._data_changed)
        self.backup_schedule = BackupSchedule(s, self.statusBar(), self)  # after each unlock
        self.idle.idle.connect(self.lock_after_idle)
        self.idle.lock_key_pressed.connect(self.lock_now)
        self.start_view.new_requested.connect(self.new_register)
        self.start_view.open_requested.connect(self.choose_register)
        self.start_view.open_path_requested.connect(self.open_register)
        self.start_view.demo_requested.connect(self.open_demo)
        self.unlock_view.back_requested.connect(self.session.close)
        self.unlock_view.recovery_requested.connect(self.recover)
        self.lock_action.triggered.connect(self.lock_now)
        self.change_passphrase_action.triggered.connect(
            lambda: self.dialogs.open(ChangePassphraseDialog(self.session, self))
        )
        self.add_user_action.triggered.connect(
            lambda: self.dialogs.open(AddUserDialog(self.session, self))
        )
        self.new_recovery_action.triggered.connect(self.new_recovery_code)
        self.remember_action.triggered.connect(self.remember_here)
        self.forget_action.triggered.connect(self.forget_here)
        self.close_action.triggered.connect(self.session.close)
        self.quit_action.triggered.connect(self.close)  # closeEvent backs up and locks
        self.new_report_action.triggered.connect(self.new_report)
        self.import_action.triggered.connect(self.import_spreadsheet)
        self.my_work_view.case_requested.connect(self.open_case)
        self.case_list_view.case_requested.connect(self.open_case)
        self.meetings_view.case_requested.connect(self.open_case)
        self.case_view.loaded.connect(self._case_shown)

    # --- screens -------------------------------------------------------------------------

    def _set_register_actions(self, enabled: bool) -> None:
        if not enabled:
            self.role = None
        for action in self.register_actions:
            action.setEnabled(enabled)
        self.toolbar.setVisible(enabled)
        self._apply_role()

    def _apply_role(self) -> None:
        """Teamleider-only actions: disabled, with the reason, until the register says the
        acting user is a teamleider (the store refuses the rest anyway)."""
        lead = is_lead(self.role) and self.session.is_unlocked
        allow(self.add_user_action, lead, ADD_USERS)
        allow(self.new_recovery_action, lead, NEW_RECOVERY_CODE)

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
        if self.session.path is not None and self.unlock_view.prepare(
            self.session.path, locked=True
        ):
            self.stack.setCurrentWidget(self.unlock_view)
        else:
            self.show_start()

    def _apply_idle_setting(self) -> None:
        self.idle.set_timeout_ms(self.session.settings.idle_lock_minutes * 60_000)

    def _forget_case_tab(self) -> None:
        """Nothing of a case stays on screen behind the lock: not even the tab's title."""
        self.case_view.clear()
        self.workspace.setTabText(self.workspace.indexOf(self.case_view), CASE_TAB)

    def _case_shown(self, header: CaseHeader) -> None:
        self.workspace.setTabText(
            self.workspace.indexOf(self.case_view), f"{CASE_TAB} {header.number}"
        )

    # --- daily work ----------------------------------------------------------------------

    def open_case(self, case_id: int, *, resume_draft: bool = False) -> None:
        self.case_view.show_case(case_id, resume_draft=resume_draft)
        self.workspace.setCurrentWidget(self.case_view)

    def new_report(self) -> IntakeDialog | None:
        if not self.session.is_unlocked:
            return None
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
        return self.dialogs.open(ImportDialog(self.session, self))

    def offer_drafts(self) -> None:
        """After each unlock: what the user was typing when the lock or a crash came."""
        self.session.call(described_drafts, self._drafts_found)

    def _drafts_found(self, drafts: list[tuple[DraftData, str]]) -> None:
        if not drafts or not self.session.is_unlocked:
            return
        dialog = DraftsDialog(self.session, drafts, self)
        dialog.accepted.connect(lambda: self.resume_draft(dialog.chosen))
        self.dialogs.open(dialog)

    @property
    def drafts_dialog(self) -> DraftsDialog | None:
        return self.dialogs.shown_by(self, DraftsDialog)

    def resume_draft(self, draft: DraftData | None) -> None:
        if draft is None or not self.session.is_unlocked:
            return
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
        shown = self.dialogs.open(RecoveryCodeDialog(opened.recovery_code, opened.name, self))
        # The recovery code is seen (and confirmed) before the register opens.
        shown.finished.connect(lambda _result: opened.adopt(self.session))

    def choose_register(self) -> None:
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

    def recover(self) -> None:
        path = self.session.path
        if path is None:
            return
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
        self.session.call(
            lambda r: r.new_recovery_code(),
            lambda code: self.dialogs.open(RecoveryCodeDialog(str(code), name, self)),
        )

    def remember_here(self) -> None:
        self.session.call(keyring_store.remember, lambda _r: messages.notice(self, REMEMBERED))

    def forget_here(self) -> None:
        # Asked on the worker: the keyring may take a moment (or be locked).
        self.session.call(lambda r: keyring_store.is_remembered(r.path), self._forget_asked)

    def _forget_asked(self, remembered: bool) -> RekeyDialog | None:
        if not self.session.is_unlocked:
            return None
        if not remembered:
            messages.info(self, "Vergeten", "Deze computer onthield het register niet.")
            return None
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
        self.backup_schedule.before_close()  # queued ahead of the lock; wait() below
        self.session.lock()
        self.session.runner.wait()
        super().closeEvent(event)
