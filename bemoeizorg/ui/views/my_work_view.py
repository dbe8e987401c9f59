"""Mijn werk: the week of the user who unlocked the register.

Three parts, top to bottom: for a team lead the meldingen waiting for triage ("Te
beoordelen", with the days they have waited; Enter or "Beoordelen…" runs the triage dialog,
after which the melding leaves the list); the actions of the user's cases due this week,
those already past due first ("Acties deze week"); and the open cases with what needs
attention in each ("Mijn casussen": no contact for too long, actions past due, long in
vinden). A bemoeizorger gets no queue: triage is the team lead's (see Casussen > Te
beoordelen, read-only for them).

The user is matched to a team member by name. When the team has no member of that name,
this view says so and how to fix it, and shows no cases or actions: a guess would show
someone else's work. All of it is one read (casework/my_work.week_plan), logged once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework.my_work import WEEK_DAYS, DueAction, WeekPlan, week_plan
from bemoeizorg.casework.triage_queue import ReportRow
from bemoeizorg.ui import style
from bemoeizorg.ui.dialogs.triage_dialog import TriageDialog
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.models.my_work_model import HEADERS, MyWorkModel, WorkColumn, reason_lines
from bemoeizorg.ui.models.report_list_model import (
    ActionColumn,
    DueActionModel,
    WaitingColumn,
    WaitingModel,
)
from bemoeizorg.ui.models.row_table import SortProxy
from bemoeizorg.ui.register_session import Topic
from bemoeizorg.ui.views.register_view import EVERY_TOPIC, LOADING, RegisterView
from bemoeizorg.ui.widgets.table_view import TableView

IGNORED_TOPICS = frozenset({Topic.LOG})

TITLE = "Mijn werk"
INTRO = "De week van {name}: wat er te doen is, en uw open casussen."
INTRO_LEAD_ONLY = "Meldingen die op uw beoordeling wachten."
SETTINGS_HINT = (
    "Aandacht bij meer dan {no_contact} dagen zonder contact of meer dan {vinden} dagen in "
    "vinden; acties over datum altijd (in te stellen onder Instellingen > Algemeen)."
)
NOT_IN_TEAM = (
    "U bent aangemeld als ‘{user}’, maar er is geen teamlid met die naam. Mijn werk toont "
    "daarom geen casussen. Een teamleider kan u onder Instellingen > Team toevoegen met "
    "precies deze naam; daarna staan uw casussen hier."
)
WAITING_TITLE = "Te beoordelen ({count})"
WAITING_EMPTY = "Geen meldingen die op een beoordeling wachten."
TRIAGE = "&Beoordelen…"
WEEK_TITLE = "Acties deze week ({count})"
WEEK_EMPTY = "Geen open acties die de komende {days} dagen of eerder moesten."
CASES_TITLE = "Mijn casussen"
EMPTY = "U heeft geen open casussen."
EMPTY_ATTENTION = "Geen van uw open casussen heeft nu aandacht nodig."
ONLY_ATTENTION = "Alleen casussen die aandacht nodig hebben"
SUMMARY = "{count} open casussen, waarvan {attention} met aandachtspunten"
SUMMARY_ONE = "1 open casus, {attention} met aandachtspunten"
CELL_PADDING = 12
HEADER_PADDING = 24
ATTENTION_MIN = 260  # pixels the reasons keep before the name gives way
NAME_MIN = 160
SHORT_LIST_ROWS = 5  # the queue and the week show this many rows before they scroll


def fit_height(table: TableView, rows: int, most: int = SHORT_LIST_ROWS) -> None:
    """A short list as high as its rows (at most `most`), so the cases keep the room."""
    shown = max(1, min(rows, most))
    header = table.horizontalHeader().sizeHint().height()
    row = table.verticalHeader().defaultSectionSize()
    table.setFixedHeight(header + shown * row + 2 * table.frameWidth() + 2)


def section_title(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(style.title(style.HEADER_SIZE))
    return label


def muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class MyWorkView(RegisterView):
    case_requested = Signal(int)
    topics = EVERY_TOPIC - IGNORED_TOPICS
    reads_when_shown = True  # a list read is logged: read when the user looks at it

    def build(self) -> None:
        self._seq = 0
        self._has_read = False  # "Bezig met laden…" only before the first answer
        self.owner: str | None = None
        self.is_lead = False
        self.today: Callable[[], date] = date.today  # tests pin the day

        title = QLabel(TITLE)
        title.setStyleSheet(style.page_title())
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.not_in_team = QLabel()
        self.not_in_team.setObjectName("not_in_team")
        self.not_in_team.setWordWrap(True)
        self.not_in_team.setStyleSheet(style.warning_banner())
        self.not_in_team.setVisible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.not_in_team)
        layout.addWidget(self.intro)
        layout.addWidget(self._build_waiting())
        layout.addWidget(self._build_week())
        layout.addWidget(self._build_cases(), 1)
        layout.addStretch(0)  # takes the space only while the cases are hidden
        self._session.settings_changed.connect(self.reload)

    def _build_waiting(self) -> QWidget:
        """Te beoordelen: the team lead's triage queue."""
        self.waiting_box = QWidget()
        self.waiting_box.setObjectName("waiting_box")
        self.waiting_title = section_title()
        self.triage_button = QPushButton(TRIAGE)
        self.triage_button.setEnabled(False)
        self.waiting_model = WaitingModel(self)
        self.waiting_proxy = SortProxy(self)
        self.waiting_proxy.setSourceModel(self.waiting_model)
        self.waiting_table = TableView()
        self.waiting_table.setObjectName("waiting_table")
        self.waiting_table.setModel(self.waiting_proxy)
        self.waiting_table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the register's order
        self.waiting_table.fit_columns({WaitingColumn.CONCERNS})
        self.waiting_empty = muted(WAITING_EMPTY)
        head = QHBoxLayout()
        head.addWidget(self.waiting_title, 1)
        head.addWidget(self.triage_button)
        box = QVBoxLayout(self.waiting_box)
        box.setContentsMargins(0, 6, 0, 0)
        box.addLayout(head)
        box.addWidget(self.waiting_table)
        box.addWidget(self.waiting_empty)
        self.waiting_box.setVisible(False)
        self.triage_button.clicked.connect(self.triage_selected)
        self.waiting_table.activated.connect(lambda _index: self.triage_selected())
        self.waiting_table.selectionModel().selectionChanged.connect(
            lambda *_: self.triage_button.setEnabled(self.selected_waiting() is not None)
        )
        return self.waiting_box

    def _build_week(self) -> QWidget:
        """Acties deze week: due within the week, past due first."""
        self.week_box = QWidget()
        self.week_title = section_title()
        self.week_model = DueActionModel(self)
        self.week_proxy = SortProxy(self)
        self.week_proxy.setSourceModel(self.week_model)
        self.week_table = TableView()
        self.week_table.setObjectName("week_table")
        self.week_table.setModel(self.week_proxy)
        self.week_table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.week_table.fit_columns({ActionColumn.ACTION})
        self.week_empty = muted(WEEK_EMPTY.format(days=WEEK_DAYS))
        box = QVBoxLayout(self.week_box)
        box.setContentsMargins(0, 6, 0, 0)
        box.addWidget(self.week_title)
        box.addWidget(self.week_table)
        box.addWidget(self.week_empty)
        self.week_table.activated.connect(self._action_activated)
        return self.week_box

    def _build_cases(self) -> QWidget:
        """Mijn casussen: the open cases, those needing attention first."""
        self.cases_box = QWidget()
        self.only_attention = QCheckBox(ONLY_ATTENTION)
        self.model = MyWorkModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = TableView(EMPTY)
        self.table.setModel(self.proxy)
        self.table.sortByColumn(WorkColumn.ATTENTION, Qt.SortOrder.DescendingOrder)
        # The reasons wrap onto more lines rather than being cut off.
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(WorkColumn.ATTENTION, QHeaderView.ResizeMode.Stretch)
        # Rows follow the proxy's order: fit their heights again when it changes.
        self.proxy.layoutChanged.connect(self._fit_rows)
        self.proxy.modelReset.connect(self._fit_rows)
        self.summary = QLabel()
        self.summary.setObjectName("my_work_summary")
        self.hint = muted()
        head = QHBoxLayout()
        head.addWidget(section_title(CASES_TITLE), 1)
        head.addWidget(self.only_attention)
        box = QVBoxLayout(self.cases_box)
        box.setContentsMargins(0, 6, 0, 0)
        box.addLayout(head)
        box.addWidget(self.table, 1)
        box.addWidget(self.summary)
        box.addWidget(self.hint)
        self.only_attention.toggled.connect(self._only_attention_toggled)
        self.table.activated.connect(self._activated)
        return self.cases_box

    # --- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        self._seq += 1  # an answer still on its way is now out of date
        super().reload()

    def load(self) -> None:
        settings = self._session.settings
        seq, user, today = self._seq, self._session.user or "", self.today()
        no_contact = settings.attention_no_contact_days
        vinden = settings.attention_long_in_vinden_days
        if not self._has_read:  # a reload keeps what it shows until the answer is there
            self._show_loading(True)
        self._session.call(
            lambda r: week_plan(r, user, today, no_contact, vinden),
            lambda plan: self._loaded(seq, user, plan),
            lambda exc: self._failed(seq, exc),
        )

    def _show_loading(self, loading: bool) -> None:
        """While the read is on its way the empty lists say so, not "U heeft geen open
        casussen": that is only true once the register has answered."""
        self.table.set_placeholder(
            LOADING if loading else EMPTY_ATTENTION if self.only_attention.isChecked() else EMPTY
        )
        self.week_empty.setText(LOADING if loading else WEEK_EMPTY.format(days=WEEK_DAYS))
        self.waiting_empty.setText(LOADING if loading else WAITING_EMPTY)

    def _loaded(self, seq: int, user: str, plan: WeekPlan) -> None:
        if seq != self._seq:
            return
        self._show_loading(False)
        self._has_read = True
        self.owner = plan.owner
        self.is_lead = plan.is_lead
        self._show_waiting(plan.waiting)
        self._show_week(plan.actions)
        self.model.set_rows(plan.cases)
        self._fit_columns()
        in_team = plan.owner is not None
        self.not_in_team.setVisible(not in_team)
        self.week_box.setVisible(in_team)
        self.cases_box.setVisible(in_team)
        if not in_team:
            self.not_in_team.setText(NOT_IN_TEAM.format(user=user))
            self.intro.setText(INTRO_LEAD_ONLY if plan.is_lead else "")
            self.intro.setVisible(plan.is_lead)
            self.summary.clear()
            self.hint.clear()
            return
        self.intro.setText(INTRO.format(name=plan.owner))
        self.intro.setVisible(True)
        attention = sum(1 for r in plan.cases if r.needs_attention)
        count = len(plan.cases)
        if count == 0:
            self.summary.clear()  # the empty table says so
        elif count == 1:
            self.summary.setText(SUMMARY_ONE.format(attention=attention))
        else:
            self.summary.setText(SUMMARY.format(count=count, attention=attention))
        settings = self._session.settings
        self.hint.setText(
            SETTINGS_HINT.format(
                no_contact=settings.attention_no_contact_days,
                vinden=settings.attention_long_in_vinden_days,
            )
        )

    def _show_waiting(self, waiting: list[ReportRow] | None) -> None:
        self.waiting_box.setVisible(waiting is not None)
        rows = waiting or []
        self.waiting_model.set_rows(rows)
        self.waiting_title.setText(WAITING_TITLE.format(count=len(rows)))
        self.waiting_table.setVisible(bool(rows))
        self.waiting_empty.setVisible(not rows)
        self.triage_button.setEnabled(self.selected_waiting() is not None)
        fit_height(self.waiting_table, len(rows))

    def _show_week(self, actions: list[DueAction]) -> None:
        self.week_model.set_rows(actions)
        self.week_title.setText(WEEK_TITLE.format(count=len(actions)))
        self.week_table.setVisible(bool(actions))
        self.week_empty.setVisible(not actions)
        fit_height(self.week_table, len(actions))

    # Widths and heights from the texts themselves: Qt's resize-to-contents asks the model
    # for every cell and role, which took half a second for 160 cases.

    def _fit_columns(self) -> None:
        """Every column as wide as its widest text; the reasons take the rest. Only when the
        window is too narrow for that does the name give way (down to NAME_MIN; the whole
        name is in its tooltip)."""
        header = self.table.horizontalHeader()
        cell, head = self.table.fontMetrics(), header.fontMetrics()
        rows = self.model.rows()
        widths: dict[WorkColumn, int] = {}
        for column in WorkColumn:
            if column is WorkColumn.ATTENTION:
                continue
            texts = {self.model.display(row, column) for row in rows}
            widths[column] = max(
                [head.horizontalAdvance(HEADERS[column]) + HEADER_PADDING]
                + [cell.horizontalAdvance(t) + CELL_PADDING for t in texts]
            )
        room = self.table.viewport().width() - sum(widths.values())
        if room < ATTENTION_MIN:
            name = widths[WorkColumn.NAME]
            widths[WorkColumn.NAME] = max(min(name, NAME_MIN), name - (ATTENTION_MIN - room))
        for column, width in widths.items():
            header.resizeSection(column, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_rows(self) -> None:
        """A row is as high as its number of reasons, one a line."""
        rows = self.table.verticalHeader()
        base = rows.defaultSectionSize()
        line = self.table.fontMetrics().lineSpacing()
        for proxy_row in range(self.proxy.rowCount()):
            item = self.proxy.value_at(proxy_row)
            lines = reason_lines(item).count("\n") + 1 if item is not None else 1
            height = base + (lines - 1) * line
            if rows.sectionSize(proxy_row) != height:
                rows.resizeSection(proxy_row, height)

    def _failed(self, seq: int, exc: BaseException) -> None:
        if seq == self._seq:  # an answer to an older reload is of no interest any more
            self._show_loading(False)
            show_error(exc)

    def _only_attention_toggled(self, on: bool) -> None:
        self.proxy.set_row_filter((lambda row: row.needs_attention) if on else None)
        self._fit_rows()
        if self.table.placeholder() != LOADING:
            self.table.set_placeholder(EMPTY_ATTENTION if on else EMPTY)

    def clear(self) -> None:
        self._seq += 1
        self._has_read = False
        self.owner = None
        self.is_lead = False
        self.model.clear()
        self.week_model.clear()
        self.waiting_model.clear()
        self.waiting_box.setVisible(False)
        self.intro.clear()
        self.summary.clear()
        self.hint.clear()
        self.not_in_team.setVisible(False)

    # --- opening -------------------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        row = self.proxy.value_at(index.row())
        if row is not None:
            self.case_requested.emit(row.case.id)

    def _action_activated(self, index: QModelIndex) -> None:
        action = self.week_proxy.value_at(index.row())
        if action is not None:
            self.case_requested.emit(action.case_id)

    def selected_waiting(self) -> ReportRow | None:
        value = self.waiting_table.selected_value()
        return value if isinstance(value, ReportRow) else None

    def triage_selected(self) -> TriageDialog | None:
        """The triage dialog for the chosen melding; once saved, every view reads again
        (Topic.CASES) and the melding leaves the queue."""
        row = self.selected_waiting()
        if row is None or not self.is_lead:
            return None
        return self._dialogs.open(TriageDialog(self._session, row.report_id, self, waiting=row))
