"""Logboek: the access log, filtered by user, action, case number and period, and its check.

Looking at the log is not itself logged (it shows no case data); checking it is.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.domain import formats
from bemoeizorg.domain.formats import date_time_text
from bemoeizorg.exports.log_export import LogExported, export_log
from bemoeizorg.store import access_log
from bemoeizorg.store.access_log import (
    Action,
    CodeVerdict,
    LogFilter,
    code_line,
    verify_and_record,
)
from bemoeizorg.store.register import Register, VerifyReport
from bemoeizorg.ui import file_dialogs, messages, style
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.models.access_log_model import AccessLogModel, LogColumn, LogRow, period_bounds
from bemoeizorg.ui.models.row_table import SortProxy
from bemoeizorg.ui.register_session import Topic
from bemoeizorg.ui.views.disclosure_log_view import DisclosureLogView
from bemoeizorg.ui.views.register_view import EVERY_TOPIC, RegisterView
from bemoeizorg.ui.widgets.date_field import DateField
from bemoeizorg.ui.widgets.table_view import TableView

ALL_USERS = "Alle gebruikers"
ALL_ACTIONS = "Alle handelingen"
EMPTY = "Geen regels die bij deze filters passen. Kies 'Filters wissen' om alles te zien."
TOO_MANY = "De nieuwste {count} regels; kies een kortere periode om oudere te zien."
NOT_CHECKED = "Nog niet gecontroleerd sinds het openen van het register."
LOG_OK = (
    "Het logboek is in orde: {entries} gecontroleerd, niets gewijzigd of verwijderd. "
    "Controlecode {code}. Gecontroleerd op {when}."
)
LOG_BAD = (
    "Het logboek is NIET in orde: {problem} Gecontroleerd op {when}. Meld dit bij wie in "
    "uw organisatie verantwoordelijk is voor privacy en bewaar dit register zoals het is."
)
REGISTER_BAD = (
    "Het register is NIET in orde: {problems}. Gecontroleerd op {when}. Zet de nieuwste "
    "goede back-up terug en meld dit bij wie verantwoordelijk is voor privacy."
)
PERIOD_DAYS = 30


def _load(flt: LogFilter, register: Register) -> tuple[list[LogRow], list[str]]:
    with register.session() as session:
        rows = [LogRow.of(e, case) for e, case in access_log.query_numbered(session, flt)]
        users = access_log.users_in_log(session)
    return rows, users


def _entries(count: int) -> str:
    return formats.counted(count, "regel", "regels")


END_BEFORE_START = "De einddatum ligt vóór de begindatum ({date})."


class LogView(RegisterView):
    topics = EVERY_TOPIC  # every change anywhere adds log entries

    def build(self) -> None:
        self.verdict_ok: bool | None = None
        self._filtered_case = ""

        title = QLabel("Logboek")
        title.setStyleSheet(style.page_title())
        intro = QLabel(
            "Elke toegang tot het register staat hier: wie, wanneer, wat en bij welke casus. "
            "Niemand kan regels wijzigen of weghalen zonder dat 'Logboek controleren' het ziet."
        )
        intro.setWordWrap(True)

        self.user_combo = QComboBox()
        self.user_combo.addItem(ALL_USERS, None)
        self.user_combo.setMinimumWidth(180)
        self.action_combo = QComboBox()
        self.action_combo.addItem(ALL_ACTIONS, None)
        for action in Action:
            self.action_combo.addItem(action.label, action)
        self.case_edit = QLineEdit()
        self.case_edit.setPlaceholderText("bijv. 2025-0012")
        self.case_edit.setClearButtonEnabled(True)
        self.case_edit.setMaximumWidth(160)
        self.case_edit.setToolTip(
            "Alleen de regels van deze casus (het casusnummer); Enter om te filteren."
        )
        today = formats.today()
        first = today - timedelta(days=PERIOD_DAYS)
        self.period_box = QCheckBox("Periode van")
        self.from_edit = DateField(required="Vul de begindatum in.", future=False, value=first)
        self.to_edit = DateField(
            required="Vul de einddatum in.",
            future=False,
            value=today,
            earliest=first,
            earliest_problem=END_BEFORE_START,
        )
        # The period filtered on: the last one both fields held right.
        self.period: tuple[date, date] = (first, today)
        self.period_problem = QLabel()
        self.period_problem.setStyleSheet(style.error_text())
        self.clear_button = QPushButton("Filters wissen")

        self.model = AccessLogModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = TableView(EMPTY)
        self.table.setModel(self.proxy)
        self.table.sortByColumn(LogColumn.NUMBER, Qt.SortOrder.DescendingOrder)
        self.count_label = QLabel()
        self.count_label.setObjectName("log_count")

        self.verify_button = QPushButton("Logboek controleren")
        self.verify_button.setToolTip(
            "Controleert of het register leesbaar is en of geen regel van het logboek is "
            "gewijzigd, verwijderd of verplaatst."
        )
        self.verdict = QLabel(NOT_CHECKED)
        self.verdict.setObjectName("log_verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("bijv. 1234-ab12c-d34ef-56ab1-2cd34")
        self.code_edit.setToolTip(
            "De controlecode die op een pakket, cijfers, teambestand of back-up staat."
        )
        self.code_button = QPushButton("Controlecode nagaan")
        self.code_verdict = QLabel()
        self.code_verdict.setObjectName("log_code_verdict")
        self.code_verdict.setWordWrap(True)
        self.code_verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton("Logboek exporteren (CSV)…")
        self.export_button.setToolTip(
            "Wie deed wat bij welk casusnummer en wanneer, voor wie over privacy gaat "
            "(de gekozen periode, anders alles). De export komt zelf ook in het logboek."
        )

        # Two rows, so the view still fits a small laptop screen.
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Gebruiker"))
        filters.addWidget(self.user_combo)
        filters.addSpacing(12)
        filters.addWidget(QLabel("Handeling"))
        filters.addWidget(self.action_combo)
        filters.addSpacing(12)
        filters.addWidget(QLabel("Casus"))
        filters.addWidget(self.case_edit)
        filters.addStretch(1)
        period = QHBoxLayout()
        period.addWidget(self.period_box)
        period.addWidget(self.from_edit)
        period.addWidget(QLabel("tot en met"))
        period.addWidget(self.to_edit)
        period.addWidget(self.period_problem)
        period.addStretch(1)
        period.addWidget(self.clear_button)
        check = QHBoxLayout()
        check.addWidget(self.verify_button, 0, Qt.AlignmentFlag.AlignTop)
        check.addWidget(self.verdict, 1)
        access_page = QWidget()
        access = QVBoxLayout(access_page)
        access.addWidget(intro)
        access.addLayout(filters)
        access.addLayout(period)
        access.addWidget(self.table, 1)
        access.addWidget(self.count_label)
        access.addLayout(check)
        code_row = QHBoxLayout()
        code_row.addWidget(QLabel("Controlecode"))
        code_row.addWidget(self.code_edit, 1)
        code_row.addWidget(self.code_button)
        code_row.addWidget(self.export_button)
        access.addLayout(code_row)
        access.addWidget(self.code_verdict)
        self.disclosure_view = DisclosureLogView(self._session)
        self.pages = QTabWidget()
        self.pages.addTab(access_page, "Toegang")
        self.pages.addTab(self.disclosure_view, "Verstrekkingen")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.pages, 1)

        self.user_combo.currentIndexChanged.connect(self.reload)
        self.action_combo.currentIndexChanged.connect(self.reload)
        self.case_edit.editingFinished.connect(self._case_changed)
        self.period_box.toggled.connect(self._period_toggled)
        self.from_edit.judged.connect(self._from_changed)
        self.to_edit.judged.connect(self._period_changed)
        self.clear_button.clicked.connect(self.clear_filters)
        self.verify_button.clicked.connect(self.verify)
        self.code_button.clicked.connect(self.check_code)
        self.code_edit.returnPressed.connect(self.check_code)
        self.export_button.clicked.connect(self.choose_export)
        self.from_edit.setEnabled(False)
        self.to_edit.setEnabled(False)

    # --- filters -------------------------------------------------------------------------

    def log_filter(self) -> LogFilter:
        action = self.action_combo.currentData()
        since = until = None
        if self.period_box.isChecked():
            since, until = period_bounds(*self.period)
        return LogFilter(
            user=self.user_combo.currentData(),
            actions=(Action(action),) if action else (),
            since=since,
            until=until,
            case_number=self.case_edit.text().strip() or None,
        )

    def _case_changed(self) -> None:
        # editingFinished also comes on leaving the field: reload only for a new number.
        number = self.case_edit.text().strip()
        if number != self._filtered_case:
            self._filtered_case = number
            self.reload()

    def _period_toggled(self, on: bool) -> None:
        self.from_edit.setEnabled(on)
        self.to_edit.setEnabled(on)
        self.reload()

    def _from_changed(self) -> None:
        # The end of a period cannot lie before its start (said under the end).
        self.to_edit.set_earliest(self.from_edit.value())
        self._period_changed()

    def _period_changed(self) -> None:
        """Filter on the period typed once both dates are right; until then the last right
        one stays, and what is wrong is said beside the fields."""
        problem = self.from_edit.problem() or self.to_edit.problem()
        self.period_problem.setText(problem)
        first, last = self.from_edit.value(), self.to_edit.value()
        if problem or first is None or last is None or (first, last) == self.period:
            return
        self.period = (first, last)
        if self.period_box.isChecked():
            self.reload()

    def clear_filters(self) -> None:
        widgets = (self.user_combo, self.action_combo, self.period_box, self.case_edit)
        for widget in widgets:
            widget.blockSignals(True)  # one reload for all of them
        self.user_combo.setCurrentIndex(0)
        self.action_combo.setCurrentIndex(0)
        self.period_box.setChecked(False)
        self.case_edit.clear()
        self._filtered_case = ""
        for widget in widgets:
            widget.blockSignals(False)
        self._period_toggled(False)

    # --- loading -------------------------------------------------------------------------

    def load(self) -> None:
        flt = self.log_filter()
        self._session.call(lambda r: _load(flt, r), self._loaded)

    def _loaded(self, result: tuple[list[LogRow], list[str]]) -> None:
        rows, users = result
        self._set_users(users)
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        limit = LogFilter().limit
        if len(rows) >= limit:
            self.count_label.setText(TOO_MANY.format(count=len(rows)))
        else:
            self.count_label.setText(_entries(len(rows)))

    def _set_users(self, users: list[str]) -> None:
        chosen = self.user_combo.currentData()
        self.user_combo.blockSignals(True)  # refilling is not a new choice
        self.user_combo.clear()
        self.user_combo.addItem(ALL_USERS, None)
        for user in users:
            self.user_combo.addItem(user, user)
        self.user_combo.setCurrentIndex(max(self.user_combo.findData(chosen), 0))
        self.user_combo.blockSignals(False)

    def _unlocked(self) -> None:
        self._show_verdict(None, NOT_CHECKED)
        super()._unlocked()

    def clear(self) -> None:
        self.model.clear()
        self.count_label.clear()
        self._show_verdict(None, NOT_CHECKED)
        self.code_verdict.clear()
        self.code_verdict.setStyleSheet("")

    # --- checking ------------------------------------------------------------------------

    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        self._show_verdict(None, "Bezig met controleren…")
        self._session.call(verify_and_record, self._verified, self._verify_failed)

    def _verified(self, report: VerifyReport) -> None:
        self.verify_button.setEnabled(True)
        when = date_time_text(datetime.now())
        if report.integrity_problems:
            problems = "; ".join(report.integrity_problems)
            self._show_verdict(False, REGISTER_BAD.format(problems=problems, when=when))
        elif not report.chain.ok:
            problem = report.chain.problem or ""
            self._show_verdict(False, LOG_BAD.format(problem=problem, when=when))
        else:
            text = LOG_OK.format(
                entries=_entries(report.chain.entries), code=report.chain.code, when=when
            )
            self._show_verdict(True, text)
            self._session.data_changed.emit(Topic.LOG)

    def _verify_failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self._show_verdict(None, NOT_CHECKED)
        show_error(exc)

    def _show_verdict(self, ok: bool | None, text: str) -> None:
        self.verdict_ok = ok
        self.verdict.setText(text)
        self.verdict.setStyleSheet(
            "" if ok is None else style.ok_banner() if ok else style.error_banner()
        )

    # --- an earlier control code, and the export -----------------------------------------

    def check_code(self) -> None:
        code = self.code_edit.text()
        if not code.strip():
            return

        def job(register: Register) -> CodeVerdict:
            with register.session() as session:
                return register.access_log.check_code(session, code)

        self.code_button.setEnabled(False)
        self._session.call(job, self._code_checked, self._code_failed)

    def _code_checked(self, verdict: CodeVerdict) -> None:
        self.code_button.setEnabled(True)
        self.code_verdict.setText(verdict.message)
        self.code_verdict.setStyleSheet(style.ok_banner() if verdict.ok else style.error_banner())

    def _code_failed(self, exc: BaseException) -> None:
        self.code_button.setEnabled(True)
        show_error(exc)

    def choose_export(self) -> None:
        chosen = file_dialogs.save_file(
            self, self._session, "Logboek exporteren", "logboek.csv", "CSV (*.csv)", suffix=".csv"
        )
        if chosen is not None:
            self.export_to(chosen)

    def export_to(self, path: Path) -> None:
        """The entries of the chosen period (all when no period is chosen), as a CSV."""
        first = last = None
        if self.period_box.isChecked():
            first, last = self.period
        self._session.call(lambda r: export_log(r, path, first, last), self._exported)

    def _exported(self, done: LogExported) -> None:
        self._session.data_changed.emit(Topic.LOG)
        messages.info(
            self,
            "Logboek geëxporteerd",
            f"{formats.counted(done.entries, 'regel staat', 'regels staan')} in "
            f"{done.path.name}. De export staat zelf ook in "
            f"het logboek. {code_line(done.control_code)}",
        )
