"""The start screen: new register, open one (recently used ones listed), or the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg import APP_NAME
from bemoeizorg.demo import DEMO_PASSPHRASE, DEMO_USER
from bemoeizorg.ui import style

RECENT_EMPTY = (
    "Nog geen registers geopend op deze computer. Een register dat u opent of aanmaakt, "
    "staat daarna hier."
)
PANEL_WIDTH = 560
RECENT_ROWS = 5  # the recent list shows this many registers before it scrolls
RECENT_SPACING = 3


def _folder_text(folder: Path) -> str:
    """The folder as a user reads it: the home folder as "~"."""
    try:
        return str(Path("~") / folder.relative_to(Path.home()))
    except ValueError:
        return str(folder)


class StartView(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    open_path_requested = Signal(Path)
    demo_requested = Signal()
    team_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(APP_NAME)
        title.setStyleSheet(style.title(style.START_TITLE_SIZE))
        subtitle = QLabel(
            "Versleuteld casusregister voor bemoeizorg in Noord- en Midden-Limburg: op deze "
            "laptop, of als teamregister op de server van uw organisatie."
        )
        subtitle.setWordWrap(True)

        self.new_button = QPushButton("Nieuw register…")
        self.open_button = QPushButton("Register openen…")
        self.team_button = QPushButton("Teamregister openen…")
        self.demo_button = QPushButton("Demoregister openen")
        for button in (self.new_button, self.open_button, self.team_button, self.demo_button):
            button.setMinimumHeight(36)
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        self.team_button.clicked.connect(self.team_requested)
        demo_note = QLabel(
            f"Het demoregister bevat alleen verzonnen gegevens. Gebruiker: <b>{DEMO_USER}</b>, "
            f"wachtwoordzin: <b>{DEMO_PASSPHRASE}</b>"
        )
        demo_note.setWordWrap(True)
        demo_note.setObjectName("demo_note")

        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recent")
        self.recent_list.itemActivated.connect(self._open_item)
        # A long folder is shortened in the middle (the whole path is the tooltip), never
        # scrolled sideways.
        self.recent_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.recent_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.recent_list.setUniformItemSizes(True)
        self.recent_list.setSpacing(RECENT_SPACING)  # rows a user can tell apart and hit
        self.recent_empty = QLabel(RECENT_EMPTY)
        self.recent_empty.setObjectName("recent_empty")
        self.recent_empty.setWordWrap(True)
        self.recent_empty.setStyleSheet(style.muted_text())
        recent_box = QGroupBox("Recent geopend")
        recent_layout = QVBoxLayout(recent_box)
        recent_layout.addWidget(self.recent_list)
        recent_layout.addWidget(self.recent_empty)
        self.set_recent([])

        panel = QWidget()
        panel.setFixedWidth(PANEL_WIDTH)
        layout = QVBoxLayout(panel)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(16)
        layout.addWidget(self.new_button)
        layout.addWidget(self.open_button)
        layout.addWidget(self.team_button)
        layout.addWidget(self.demo_button)
        layout.addWidget(demo_note)
        layout.addSpacing(16)
        layout.addWidget(recent_box)
        # Centred between stretches, not by alignment: an aligned widget gets only its
        # minimum height for its width, which clipped the word-wrapped labels and the
        # recent list on a real screen.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(panel)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def set_recent(self, paths: list[str]) -> None:
        self.recent_list.clear()
        for text in paths:
            path = Path(text)
            if not path.exists():
                continue
            item = QListWidgetItem(f"{path.stem}  —  {_folder_text(path.parent)}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.recent_list.addItem(item)
        has_items = self.recent_list.count() > 0
        self.recent_list.setVisible(has_items)
        self.recent_empty.setVisible(not has_items)
        # As high as its rows (up to RECENT_ROWS): no empty strip under two registers.
        rows = max(1, min(self.recent_list.count(), RECENT_ROWS))
        row = max(self.recent_list.sizeHintForRow(0), self.recent_list.fontMetrics().height())
        frame = 2 * self.recent_list.frameWidth()
        self.recent_list.setFixedHeight(rows * (row + 2 * RECENT_SPACING) + frame)

    def _open_item(self, item: QListWidgetItem) -> None:
        self.open_path_requested.emit(Path(item.data(Qt.ItemDataRole.UserRole)))
