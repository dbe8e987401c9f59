"""After unlocking: the user's half-typed meldingen and contacts, offered back.

The user picks one to go on with, throws one away, or leaves them all for later; drafts
that are not picked stay in the register and are offered again at the next unlock.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework.drafts import DraftData, discard_draft
from bemoeizorg.domain.formats import stored_moment_text
from bemoeizorg.ui import messages
from bemoeizorg.ui.register_session import RegisterSession

INTRO = (
    "U was nog met het volgende bezig toen het programma werd vergrendeld of afgesloten. "
    "Het is bewaard in het register. Kies waarmee u verder wilt gaan."
)


class DraftsDialog(QDialog):
    def __init__(
        self,
        session: RegisterSession,
        drafts: list[tuple[DraftData, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self.chosen: DraftData | None = None
        self.setWindowTitle("Niet afgemaakt werk")

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.draft_list = QListWidget()
        # A long description wraps onto a second line instead of scrolling sideways.
        self.draft_list.setWordWrap(True)
        self.draft_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.draft_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        for draft, text in drafts:
            item = QListWidgetItem(f"{text} — bewaard {stored_moment_text(draft.updated_at)}")
            item.setData(Qt.ItemDataRole.UserRole, draft)
            self.draft_list.addItem(item)
        self.draft_list.setCurrentRow(self.draft_list.count() - 1)  # the newest
        self.draft_list.itemDoubleClicked.connect(lambda _item: self.go_on())

        self.go_on_button = QPushButton("Verdergaan")
        self.go_on_button.setDefault(True)
        self.discard_button = QPushButton("Weggooien…")
        self.later_button = QPushButton("Later")
        self.go_on_button.clicked.connect(self.go_on)
        self.discard_button.clicked.connect(self.discard)
        self.later_button.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.go_on_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.draft_list)
        layout.addLayout(buttons)
        self.resize(520, 260)

    def _selected(self) -> DraftData | None:
        item: QListWidgetItem | None = self.draft_list.currentItem()  # None: nothing chosen
        if item is None:
            return None
        draft = item.data(Qt.ItemDataRole.UserRole)
        return draft if isinstance(draft, DraftData) else None

    def go_on(self) -> None:
        self.chosen = self._selected()
        if self.chosen is not None:
            self.accept()

    def discard(self) -> None:
        draft = self._selected()
        if draft is None or not messages.confirm(
            self, "Concept weggooien", "Dit niet-opgeslagen werk weggooien? Dat kan niet terug."
        ):
            return
        self._session.call(lambda r: discard_draft(r, draft.id))
        self.draft_list.takeItem(self.draft_list.currentRow())
        if self.draft_list.count() == 0:
            self.reject()
