"""Mijn werk: the open cases of the user who unlocked the register, with what needs
attention in each (no contact for too long, actions past due, long in vinden).

The user is matched to a team member by name. When the team has no member of that name,
this view says so and how to fix it, and shows no cases at all: a guess would show
someone else's work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QHeaderView, QLabel, QVBoxLayout

from bemoeizorg.casework.case_list import AttentionRow, my_work, team_member_for_user
from bemoeizorg.store.register import Register
from bemoeizorg.ui import style
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.models.my_work_model import HEADERS, MyWorkModel, WorkColumn, other_reasons
from bemoeizorg.ui.models.row_table import SortProxy
from bemoeizorg.ui.register_session import Topic
from bemoeizorg.ui.views.register_view import EVERY_TOPIC, RegisterView
from bemoeizorg.ui.widgets.table_view import TableView

IGNORED_TOPICS = frozenset({Topic.LOG})

TITLE = "Mijn werk"
INTRO = "Open casussen van {name}. Bovenaan wat aandacht nodig heeft."
SETTINGS_HINT = (
    "Aandacht bij meer dan {no_contact} dagen zonder contact of meer dan {vinden} dagen in "
    "vinden; acties over datum altijd (in te stellen onder Instellingen > Algemeen)."
)
NOT_IN_TEAM = (
    "U bent aangemeld als ‘{user}’, maar er is geen teamlid met die naam. Mijn werk toont "
    "daarom geen casussen. Een teamleider kan u onder Instellingen > Team toevoegen met "
    "precies deze naam; daarna staan uw casussen hier."
)
EMPTY = "U heeft geen open casussen."
EMPTY_ATTENTION = "Geen van uw open casussen heeft nu aandacht nodig."
ONLY_ATTENTION = "Alleen casussen die aandacht nodig hebben"
SUMMARY = "{count} open casussen, waarvan {attention} met aandachtspunten"
SUMMARY_ONE = "1 open casus, {attention} met aandachtspunten"
NAME_MAX = 220  # pixels; the reasons get the width first
CELL_PADDING = 12
HEADER_PADDING = 24
# A notice, not an error: amber rather than red.


@dataclass(frozen=True, slots=True)
class MyWork:
    owner: str | None  # the team member's name; None when the user is not in the team
    rows: list[AttentionRow]


def load_my_work(
    register: Register, user: str, today: date, no_contact_days: int, long_in_vinden_days: int
) -> MyWork:
    member = team_member_for_user(register, user)
    if member is None:
        return MyWork(None, [])
    owner_id, owner = member
    return MyWork(owner, my_work(register, owner_id, today, no_contact_days, long_in_vinden_days))


class MyWorkView(RegisterView):
    case_requested = Signal(int)
    topics = EVERY_TOPIC - IGNORED_TOPICS
    reads_when_shown = True  # a list read is logged: read when the user looks at it

    def build(self) -> None:
        self._seq = 0
        self.owner: str | None = None
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
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        top = QHBoxLayout()
        top.addWidget(self.intro, 1)
        top.addWidget(self.only_attention)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.not_in_team)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.hint)
        layout.addStretch(0)  # takes the space only while the table is hidden

        self.only_attention.toggled.connect(self._only_attention_toggled)
        self.table.activated.connect(self._activated)
        self._session.settings_changed.connect(self.reload)

    # --- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        self._seq += 1  # an answer still on its way is now out of date
        super().reload()

    def load(self) -> None:
        settings = self._session.settings
        seq, user, today = self._seq, self._session.user or "", self.today()
        no_contact = settings.attention_no_contact_days
        vinden = settings.attention_long_in_vinden_days
        self._session.call(
            lambda r: load_my_work(r, user, today, no_contact, vinden),
            lambda work: self._loaded(seq, user, work),
            lambda exc: self._failed(seq, exc),
        )

    def _loaded(self, seq: int, user: str, work: MyWork) -> None:
        if seq != self._seq:
            return
        settings = self._session.settings
        self.owner = work.owner
        self.model.set_rows(work.rows)
        self._fit_columns()
        self.not_in_team.setVisible(work.owner is None)
        self.table.setVisible(work.owner is not None)
        self.only_attention.setVisible(work.owner is not None)
        if work.owner is None:
            self.not_in_team.setText(NOT_IN_TEAM.format(user=user))
            self.intro.clear()
            self.summary.clear()
            self.hint.clear()
            return
        self.intro.setText(INTRO.format(name=work.owner))
        attention = sum(1 for r in work.rows if r.needs_attention)
        count = len(work.rows)
        if count == 0:
            self.summary.clear()  # the empty table says so
        elif count == 1:
            self.summary.setText(SUMMARY_ONE.format(attention=attention))
        else:
            self.summary.setText(SUMMARY.format(count=count, attention=attention))
        self.hint.setText(
            SETTINGS_HINT.format(
                no_contact=settings.attention_no_contact_days,
                vinden=settings.attention_long_in_vinden_days,
            )
        )

    # Widths and heights from the texts themselves: Qt's resize-to-contents asks the model
    # for every cell and role, which took half a second for 160 cases.

    def _fit_columns(self) -> None:
        header = self.table.horizontalHeader()
        cell, head = self.table.fontMetrics(), header.fontMetrics()
        bold = QFont(self.table.font())
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        rows = self.model.rows()
        for column in WorkColumn:
            if column is WorkColumn.ATTENTION:
                continue
            metrics = bold_metrics if column is WorkColumn.OVERDUE else cell
            texts = {self.model.display(row, column) for row in rows}
            width = max(
                [head.horizontalAdvance(HEADERS[column]) + HEADER_PADDING]
                + [metrics.horizontalAdvance(t) + CELL_PADDING for t in texts]
            )
            if column is WorkColumn.NAME:
                width = min(width, NAME_MAX)
            header.resizeSection(column, width)

    def _fit_rows(self) -> None:
        """A row is as high as its number of reasons, one a line."""
        rows = self.table.verticalHeader()
        base = rows.defaultSectionSize()
        line = self.table.fontMetrics().lineSpacing()
        for proxy_row in range(self.proxy.rowCount()):
            item = self.proxy.value_at(proxy_row)
            lines = other_reasons(item).count("\n") + 1 if item is not None else 1
            height = base + (lines - 1) * line
            if rows.sectionSize(proxy_row) != height:
                rows.resizeSection(proxy_row, height)

    def _failed(self, seq: int, exc: BaseException) -> None:
        if seq == self._seq:  # an answer to an older reload is of no interest any more
            show_error(exc)

    def _only_attention_toggled(self, on: bool) -> None:
        self.proxy.set_row_filter((lambda row: row.needs_attention) if on else None)
        self._fit_rows()
        self.table.set_placeholder(EMPTY_ATTENTION if on else EMPTY)

    def clear(self) -> None:
        self._seq += 1
        self.owner = None
        self.model.clear()
        self.intro.clear()
        self.summary.clear()
        self.hint.clear()
        self.not_in_team.setVisible(False)

    # --- opening -------------------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        row = self.proxy.value_at(index.row())
        if row is not None:
            self.case_requested.emit(row.case.id)
